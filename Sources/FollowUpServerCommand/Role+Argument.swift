public import ArgumentParser
public import FollowUpProtocol

/// Lets `--role admin|counselor|seeker` parse straight into a ``Role`` and list its values in help.
extension Role: ExpressibleByArgument {}
