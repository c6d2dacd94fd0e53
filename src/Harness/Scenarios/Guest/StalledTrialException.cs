namespace Vnetconf.Scenarios;

/// <summary>
/// A guest throughput trial whose stream stopped moving before its end: the guest's path stalled. The message carries
/// the evidence of both sides (the guest's TCP state, counters, transmit queues and virtio interrupts; the host's hops
/// and the guest's console), so a stall is reported as the finding it is, never as a slow row.
/// </summary>
public sealed class StalledTrialException(string message, Exception inner) : Exception(message, inner);
