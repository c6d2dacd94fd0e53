namespace Vnetconf.Perf.Reporting;

/// <summary>A 24-bit colour.</summary>
public readonly record struct Rgb(byte R, byte G, byte B);
