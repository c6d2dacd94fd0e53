namespace Vnetconf.Cli;

/// <summary>The files `vnetconf run` also writes for CI, each when asked: JUnit XML (--junit) and KTAP (--ktap).</summary>
public sealed record CiOutputs(FileInfo? JUnit, FileInfo? Ktap);
