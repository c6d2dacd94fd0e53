namespace Vnetconf.Scenarios;

/// <summary>
/// A documented behaviour: the value the kernel (or QEMU, or netmap) is expected to produce, why, and which
/// function implements it, so a report reads as documentation and a change after an upgrade points at code.
/// </summary>
/// <param name="HoldsFor">for a behaviour a kernel change altered, the versions this side holds for
/// (<see cref="KernelChange.SideOf"/>); null when it holds for every version the catalogue covers</param>
public sealed record Expected<T>(T Value, string Reason, string Source, string? HoldsFor = null)
{
    public override string ToString() => $"{Value} — {Reason} [{Source}]{(HoldsFor is null ? "" : $" ({HoldsFor})")}";
}
