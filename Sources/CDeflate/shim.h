// The system's libdeflate (Debian: libdeflate-dev): whole-buffer DEFLATE, gzip and zlib coding.
#include <libdeflate.h>
