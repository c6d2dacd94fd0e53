using Vnetconf.Model;

using Vnetconf.Packets;

namespace Vnetconf.Scenarios;

/// <summary>
/// A write the kernel must judge: bytes a guest (or an attacker in it) writes into the TAP, and which of the three
/// outcomes is documented for it — rejected by write() with an errno, accepted and then dropped somewhere, or
/// delivered to the far application.
/// </summary>
/// <param name="Key">its id within the catalogue, chosen once and never derived from <paramref name="Name"/></param>
/// <param name="Name">the case as a sentence</param>
/// <param name="Compose">the bytes to write, header included, built from the lab's flow</param>
/// <param name="ExpectedOutcome">"rejected: EINVAL", "dropped" or "delivered"</param>
/// <param name="Reason">why, in words</param>
/// <param name="Source">the kernel function that decides it</param>
/// <param name="HeaderSize">the TAP's TUNSETVNETHDRSZ for this case</param>
/// <param name="TapDown">write while the TAP is administratively down</param>
/// <param name="Drop">for a dropped case: where it is dropped, as the counter that proves it</param>
/// <param name="Before">for a case a kernel change altered: what is documented for the kernels before that change (the
/// other parameters document the kernels since)</param>
internal sealed record HostileHeaderScenario(
    string Key,
    string Name,
    Func<HostileFrames, byte[]> Compose,
    string ExpectedOutcome,
    string Reason,
    string Source,
    int HeaderSize = 10,
    bool TapDown = false,
    DropCounter? Drop = null,
    HostileOutcomeBefore? Before = null)
{
    public const string Outcome = "outcome";
    public const string Delivered = "delivered";
    public const string Dropped = "dropped";

    /// <summary>The case's stable id: chosen once as <see cref="Key"/>, so rewording <see cref="Name"/> never breaks comparison with older runs.</summary>
    public string Id => "host.hostile." + Key;

    /// <summary>The flow every case's frame belongs to: the guest to the far stack over IPv4.</summary>
    public static FlowEndpoints Flow => LabAddresses.GuestToStack(IpFamily.IPv4);

    /// <summary>Whether <paramref name="kernel"/> is on the side of <see cref="Before"/>'s change that it documents.</summary>
    private bool IsBefore(KernelVersion kernel) => Before is { } before && !before.Change.IsIn(kernel);

    /// <summary>The counter that proves where the case is dropped on <paramref name="kernel"/>, if it is dropped there.</summary>
    public DropCounter? DropOn(KernelVersion kernel) => IsBefore(kernel) ? Before!.Drop : Drop;

    /// <summary>
    /// The outcome on <paramref name="kernel"/>; for a write the kernel accepts, the frame it reads out of the write; for a
    /// dropped one, the counter that proves where it was dropped.
    /// </summary>
    public Expectation Expect(KernelVersion kernel)
    {
        var before = IsBefore(kernel);
        var (outcome, reason, source) = before ? (Before!.Outcome, Before.Reason, Before.Source) : (ExpectedOutcome, Reason, Source);
        var holdsFor = Before?.Change.SideOf(kernel);
        var e = new Expectation().Add(Outcome, outcome, reason, source, holdsFor);
        if (!FrameAspects.IsRejected(outcome))
            e.Add(DropAspects.TapFrame, DropAspects.FrameWords(Compose(new HostileFrames(Flow)).AsSpan(HeaderSize)),
                "the kernel takes exactly vnet_hdr_sz bytes of the write as the header and the rest as the frame", HostileHeaderCatalogue.HdrGet);
        if (outcome == Dropped)
        {
            var drop = DropOn(kernel) ?? throw new InvalidOperationException($"the dropped case '{Name}' names no counter that proves the drop on {kernel}");
            e.Add(DropAspects.Counter, drop.Expected, drop.Reason, drop.Source, holdsFor);
        }
        return e;
    }

    public override string ToString() => Name;
}

/// <summary>
/// What a hostile case did before a kernel change made the kernel judge it differently (e.g. a header the newer
/// virtio_net_hdr_to_skb refuses at write() that an older kernel accepted and dropped later).
/// </summary>
/// <param name="Drop">for a dropped outcome: where, as the counter that proves it</param>
internal sealed record HostileOutcomeBefore(KernelChange Change, string Outcome, string Reason, string Source, DropCounter? Drop = null);
