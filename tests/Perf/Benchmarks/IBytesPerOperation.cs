namespace Vnetconf.Perf.Benchmarks;

/// <summary>A benchmark class whose operation processes a known number of bytes, so a rate can be derived from its time.</summary>
public interface IBytesPerOperation
{
    /// <summary>The bytes one invocation of the benchmark method reads or writes, for the current parameters.</summary>
    int BytesPerOperation { get; }
}
