// The system's Brotli encoder and decoder (Debian: libbrotli-dev).
#include <brotli/encode.h>
#include <brotli/decode.h>
