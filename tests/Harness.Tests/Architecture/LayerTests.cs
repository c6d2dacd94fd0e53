using System.Xml.Linq;
using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Guest;

namespace Vnetconf.Harness.Tests.Architecture;

/// <summary>
/// The harness's layers, read from the project files the compiler builds from: each project may reference only
/// projects of a lower layer, so a call upwards does not compile. The layers are the specification here; the
/// project files are what is observed.
/// </summary>
public sealed class LayerTests
{
    /// <summary>Each project of src/ by name, and its layer: lower numbers sit below.</summary>
    private static readonly Dictionary<string, int> Layers = new()
    {
        // Kernel interfaces: ioctls and structs, frames, links and namespaces, the netmap ABI.
        ["Interop"] = 0, ["Packets"] = 0, ["Links"] = 1, ["Netmap"] = 1,
        // The behaviour model: expectations, observations, verdicts, the run's environment keys.
        ["Model"] = 2,
        // Machines: QEMU, guest kernels and images, the agent's protocol and its client.
        ["Guest"] = 3,
        // The catalogue and its probes.
        ["Scenarios"] = 4,
        // What runs the catalogue elsewhere (the container's QEMU) and what renders its results.
        ["Container"] = 5, ["Reporting"] = 5,
        // The run engine: the stacks, their batches and the one pool, for the CLI and the tests alike.
        ["Engine"] = 6,
        // The programs.
        ["Cli"] = 7, ["GuestAgent"] = 7,
    };

    private static readonly string SourceRoot = Path.Combine(GuestAgentBuild.RepositoryRoot, "src");

    private static readonly Dictionary<string, XDocument> Projects = Directory
        .EnumerateFiles(SourceRoot, "*.csproj", SearchOption.AllDirectories)
        .Where(p => !p.Contains("/obj/") && !p.Contains("/bin/"))
        .ToDictionary(p => Path.GetFileNameWithoutExtension(p), p => XDocument.Load(p));

    [Test]
    public void Every_project_of_the_sources_has_a_layer_and_the_harness_is_more_than_one_assembly()
    {
        Projects.Keys.Should().BeEquivalentTo(Layers.Keys,
            "each project of src/ is one layer's assembly, and the harness is split along the layers, not one library");
    }

    [Test]
    public void A_project_references_only_projects_of_lower_layers()
    {
        var upwards = Projects
            .SelectMany(p => References(p.Value).Select(r => (From: p.Key, To: r)))
            .Where(e => !Layers.ContainsKey(e.To) || Layers[e.To] >= Layers[e.From])
            .Select(e => $"{e.From} -> {e.To}");
        upwards.Should().BeEmpty("a layer may use only those below it (the layers are listed in this test)");
    }

    [Test]
    public void The_guest_agent_links_nothing_that_only_the_host_uses()
    {
        var closure = Closure("GuestAgent");
        closure.Should().NotContain(["Container", "Reporting", "Cli"],
            "the agent runs in a guest: no container engine, no report rendering");
        closure.SelectMany(p => Packages(Projects[p])).Should().NotContain(["Testcontainers", "ScottPlot"],
            "the agent is NativeAOT in an initramfs: a package it links must be one it uses in the guest");
    }

    [Test]
    public void Only_the_container_layer_links_the_container_engine_and_only_reporting_links_the_plotting_library()
    {
        Projects.Where(p => Packages(p.Value).Contains("Testcontainers")).Select(p => p.Key).Should().Equal("Container");
        Projects.Where(p => Packages(p.Value).Contains("ScottPlot")).Select(p => p.Key).Should().Equal("Reporting");
    }

    private static HashSet<string> Closure(string project)
    {
        var seen = new HashSet<string>();
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var next))
            if (seen.Add(next))
                foreach (var reference in References(Projects[next])) pending.Push(reference);
        return seen;
    }

    private static IEnumerable<string> References(XDocument project) =>
        project.Descendants("ProjectReference").Select(r => Path.GetFileNameWithoutExtension((string)r.Attribute("Include")!));

    private static IEnumerable<string> Packages(XDocument project) =>
        project.Descendants("PackageReference").Select(r => (string)r.Attribute("Include")!);
}
