using Docker.DotNet;
using Docker.DotNet.Models;
using DotNet.Testcontainers.Builders;
using FluentAssertions;
using k8s;
using k8s.Models;
using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Container;
using Vnetconf.Guest;
using Vnetconf.Model;
using Vnetconf.Reporting;
using Vnetconf.Scenarios;
using Vnetconf.TestSupport;

namespace Vnetconf.Conformance.Container;

/// <summary>
/// The image setup/vnetconf-image builds runs the default matrix — the host matrices on this kernel, the guest matrices
/// on the image's QEMU with the guest kernel it carries — under the local Docker engine with the security context of
/// deploy/vnetconf-daemonset.yaml (read from it, so the two cannot drift apart), with the manifest's own arguments,
/// writes its results into the mounted directory, and leaves nothing behind.
/// </summary>
[Category("Container")]
public sealed class VnetconfImageTests
{
    private const string Fix = "run setup/container-fixtures, then setup/vnetconf-image";
    private const string NodeName = "container-test-node";
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(5);

    [Test]
    public void The_image_runs_the_default_matrix_with_the_manifests_security_context_and_leaves_nothing_behind()
    {
        Skip.Unless(HostCapabilities.HostLab);
        var (pod, run) = Manifest();
        RequireImage(run.Image);
        var results = Directory.CreateTempSubdirectory("vnetconf-image-results-");
        try
        {
            var before = HostSnapshot.Take();
            var output = new MemoryStream();
            var container = ContainerEngine.OwnedContainer(run.Image)
                .WithEnvironment(EnvironmentKeys.NodeNameVariable, NodeName)
                // The manifest's arguments, with the node's name as the downward API gives it.
                .WithCommand([.. run.Args.Select(a => a.Replace($"$({EnvironmentKeys.NodeNameVariable})", NodeName, StringComparison.Ordinal))])
                .WithBindMount(results.FullName, ResultsMount(pod, run))
                .WithOutputConsumer(Consume.RedirectStdoutAndStderrToStream(output, output))
                .WithCreateParameterModifier(parameters => Confine(parameters.HostConfig ??= new HostConfig(), pod, run))
                .Build();
            long exitCode;
            using (var deadline = new CancellationTokenSource(RunTimeout))
            {
                container.StartAsync(deadline.Token).GetAwaiter().GetResult();
                exitCode = container.GetExitCodeAsync(deadline.Token).GetAwaiter().GetResult();
            }
            var log = System.Text.Encoding.UTF8.GetString(output.ToArray());
            var written = Path.Combine(results.FullName, NodeName, "results.json");
            // The deviations lead the message: a failure's summary shows only its first line, and the log is long.
            exitCode.Should().Be(0, "the default matrix runs as documented in the image (deviating: {0}); its output:\n{1}", Deviations(written), log);

            File.Exists(written).Should().BeTrue("the results land in the mounted directory, one directory per node");
            var judged = ResultsJson.Read(written);
            judged.Environment.Should().Contain(EnvironmentKeys.Node, NodeName)
                .And.ContainKey(EnvironmentKeys.GuestKernel, "the image boots the guest kernel it carries");
            judged.Environment[EnvironmentKeys.UserNamespace].Should().StartWith("own", "the entrypoint runs vnetconf in a user namespace of its own");
            // Every category of the default matrix but netmap's (no modules in the image) was judged, none only listed as skipped.
            judged.Cells.Where(c => c.Verdict != CellResult.Skipped).Select(c => c.Category).Distinct().Should()
                .BeEquivalentTo([.. HostMatrix.Categories, .. GuestMatrix.Categories], "the image runs the host and the guest matrices");

            using var engine = ContainerEngine.Connect();
            WaitUntil(() => engine.OwnedBy(Environment.ProcessId).Count == 0).Should().BeTrue("the container removes itself (--rm) when the run ends");
            HostSnapshot.Take().Should().BeEquivalentTo(before, "the run's namespaces lived in the container and died with it");
        }
        finally
        {
            results.Delete(recursive: true);
        }
    }

    private static string Deviations(string resultsJson) => !File.Exists(resultsJson) ? "no results.json was written" :
        string.Join("; ", ResultsJson.Read(resultsJson).Cells.Where(c => c.IsDeviation).Select(c =>
            $"{c.Id}: {c.Error?.Split('\n')[0] ?? string.Join(", ", c.Aspects.Where(a => !a.AsDocumented).Select(a => $"{a.Name} {a.Observed}, documented {a.Expected}"))}"));

    /// <summary>The pod spec and its run container, from the manifest the fleet deploys.</summary>
    private static (V1PodSpec Pod, V1Container Run) Manifest()
    {
        var path = Path.Combine(GuestAgentBuild.RepositoryRoot, "deploy", "vnetconf-daemonset.yaml");
        var pod = KubernetesYaml.LoadAllFromString(File.ReadAllText(path)).OfType<V1DaemonSet>().Single().Spec.Template.Spec;
        return (pod, pod.InitContainers.Single(c => c.Name == "vnetconf"));
    }

    private static string ResultsMount(V1PodSpec pod, V1Container run) =>
        run.VolumeMounts.Single(m => pod.Volumes.Single(v => v.Name == m.Name).HostPath?.Type == "DirectoryOrCreate").MountPath;

    /// <summary>
    /// The container's security context as Docker says it. A network of its own ("none") stands in for the pod's; the
    /// host devices are passed where this host has them (a node without /dev/kvm runs its guests under TCG).
    /// hostUsers: false has no per-container Docker equivalent and needs none: the image's entrypoint makes the user
    /// namespace vnetconf runs in either way.
    /// </summary>
    private static void Confine(HostConfig host, V1PodSpec pod, V1Container run)
    {
        var context = run.SecurityContext;
        host.NetworkMode = "none";
        host.Privileged = context.Privileged ?? false;
        host.CapAdd = [.. context.Capabilities?.Add ?? []];
        host.CapDrop = [.. context.Capabilities?.Drop ?? []];
        host.SecurityOpt = [];
        if (context.AllowPrivilegeEscalation == false) host.SecurityOpt.Add("no-new-privileges");
        switch (context.SeccompProfile?.Type)
        {
            case "Unconfined": host.SecurityOpt.Add("seccomp=unconfined"); break;
            case null or "RuntimeDefault": break;
            default: throw new AssertionException($"seccomp profile {context.SeccompProfile.Type} has no Docker translation here");
        }
        // `docker run --security-opt systempaths=unconfined` as the API takes it: no masked and no read-only /proc paths.
        if (context.ProcMount == "Unmasked") (host.MaskedPaths, host.ReadonlyPaths) = ([], []);
        host.Devices = [.. run.VolumeMounts
            .Select(m => pod.Volumes.Single(v => v.Name == m.Name).HostPath)
            .Where(hostPath => hostPath?.Type == "CharDevice" && File.Exists(hostPath.Path))
            .Select(hostPath => new DeviceMapping { PathOnHost = hostPath!.Path, PathInContainer = hostPath.Path, CgroupPermissions = "rwm" })];
    }

    private static void RequireImage(string image)
    {
        if (ContainerEngine.Available.Gap is { } gap) Assert.Ignore($"{gap}; the vnetconf image needs the same engine: {Fix}");
        using var client = new DockerClientBuilder().WithEndpoint(new Uri(ContainerEngine.Endpoint)).Build();
        try
        {
            client.Images.InspectImageAsync(image).GetAwaiter().GetResult();
        }
        catch (DockerImageNotFoundException)
        {
            Assert.Ignore($"no image {image} in the Docker engine at {ContainerEngine.Endpoint}: {Fix}");
        }
    }

    private static bool WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) return false;
            Thread.Sleep(200);
        }
        return true;
    }
}
