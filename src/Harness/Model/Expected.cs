namespace Vnetconf.Model;

/// <summary>
/// A documented behaviour: the value the kernel (or QEMU, or netmap) is expected to produce, why, and which
/// function implements it, so a report reads as documentation and a change after an upgrade points at code.
/// </summary>
/// <param name="HoldsFor">for a behaviour a kernel change altered, the versions this side holds for
/// (<c>KernelChange.SideOf</c> in the catalogue); null when it holds for every version the catalogue covers</param>
/// <param name="Defect">
/// the documented value is an upstream defect (e.g. netmap's native virtio adapter reserving a 10-byte header where the
/// device writes 12): observing it is still "as documented" for the gate, but the verdict says "documented defect",
/// and a build that fixes it shows a different observed value
/// </param>
public sealed record Expected<T>(T Value, string Reason, string Source, string? HoldsFor = null, bool Defect = false)
{
    public override string ToString() => $"{Value} — {Reason} [{Source}]{(HoldsFor is null ? "" : $" ({HoldsFor})")}";
}
