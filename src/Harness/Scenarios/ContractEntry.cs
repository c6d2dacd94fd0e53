using Vnetconf.Interop;
using Vnetconf.Links;
using Vnetconf.Model;

namespace Vnetconf.Scenarios;

/// <summary>
/// One entry of a host contract catalogue (<see cref="TunContract"/>, <see cref="FeatureDependencies"/>): a call, or a
/// short sequence, on devices of a namespace of its own, with what the catalogue documents for it (<see cref="Expect"/>)
/// and a probe that only observes (<see cref="Observe"/>).
/// </summary>
/// <param name="Category">the catalogue's category ("host.tun")</param>
/// <param name="Key">the entry's stable name, chosen once: results are keyed by <see cref="Id"/>, never by the title</param>
public sealed record ContractEntry(string Category, string Key, string Title, Func<KernelVersion, Expectation> Expect, Func<NetNamespace, Observation> Observe)
{
    public string Id => $"{Category}.{Key}";

    public override string ToString() => Title;

    /// <summary>The entry as a matrix cell: its probe runs in a namespace created for it and gone with it.</summary>
    public MatrixCell Cell(KernelVersion kernel) => new(Id, Category, Title, () => (Expect(kernel), InOwnNamespace()));

    private Observation InOwnNamespace()
    {
        using var ns = NetNamespace.Create(Category);
        return Observe(ns);
    }
}

/// <summary>The words the contract catalogues observe and document in, stated once.</summary>
internal static class Contract
{
    public const string Accepted = "accepted";

    /// <summary>"accepted", or the errno's name: the only words a system call answers in.</summary>
    public static string Answer(Action call)
    {
        try
        {
            call();
            return Accepted;
        }
        catch (SyscallException e)
        {
            return Errno.Name(e.Errno);
        }
    }

    public static Expectation Documented(string aspect, string value, string reason, string source, string? holdsFor = null) =>
        new Expectation().Add(aspect, value, reason, source, holdsFor);

    public static Observation Observed(params (string Aspect, string Value)[] aspects)
    {
        var observed = new Observation();
        foreach (var (aspect, value) in aspects) observed.Aspects[aspect] = value;
        return observed;
    }

    public static string OnOff(bool on) => on ? "on" : "off";
}
