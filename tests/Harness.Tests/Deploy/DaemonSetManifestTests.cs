using System.Text.RegularExpressions;
using FluentAssertions;
using k8s;
using k8s.Models;
using NUnit.Framework;
using Vnetconf.Guest;
using Vnetconf.Model;
using Vnetconf.Reporting;

namespace Vnetconf.Harness.Tests.Deploy;

/// <summary>
/// deploy/vnetconf-daemonset.yaml, read into the Kubernetes API's own types (no cluster is needed): what the fleet
/// relies on is there, and its security context grants exactly what the suite needs.
/// </summary>
public sealed partial class DaemonSetManifestTests
{
    private static readonly string Manifest = Path.Combine(GuestAgentBuild.RepositoryRoot, "deploy", "vnetconf-daemonset.yaml");

    private static V1DaemonSet DaemonSet() =>
        KubernetesYaml.LoadAllFromString(File.ReadAllText(Manifest)).OfType<V1DaemonSet>().Should().ContainSingle().Subject;

    private static V1Container Run() => DaemonSet().Spec.Template.Spec.InitContainers.Should().ContainSingle(c => c.Name == "vnetconf").Subject;

    [Test]
    public void Every_document_is_a_known_Kubernetes_type_in_the_namespace_it_creates()
    {
        var objects = KubernetesYaml.LoadAllFromString(File.ReadAllText(Manifest));
        objects.Select(o => o.GetType()).Should().Equal(typeof(V1Namespace), typeof(V1DaemonSet));
        DaemonSet().Metadata.NamespaceProperty.Should().Be(objects.OfType<V1Namespace>().Single().Metadata.Name);
        DaemonSet().Spec.Selector.MatchLabels.Should().BeSubsetOf(DaemonSet().Spec.Template.Metadata.Labels);
    }

    [Test]
    public void The_pods_run_the_image_setup_vnetconf_image_builds()
    {
        var script = File.ReadAllText(Path.Combine(GuestAgentBuild.RepositoryRoot, "setup", "vnetconf-image"));
        var image = $"{RepoVariable().Match(script).Groups["value"].Value}:{TagVariable().Match(script).Groups["value"].Value}";
        image.Should().Be("vnetconf/vnetconf:debian13");
        DaemonSet().Spec.Template.Spec.InitContainers.Concat(DaemonSet().Spec.Template.Spec.Containers).Select(c => c.Image)
            .Should().AllBe(image);
    }

    [Test]
    public void The_run_has_exactly_NET_ADMIN_and_NET_RAW_and_is_not_privileged()
    {
        var context = Run().SecurityContext;
        context.Privileged.Should().BeFalse();
        context.AllowPrivilegeEscalation.Should().BeFalse();
        context.Capabilities.Add.Should().BeEquivalentTo("NET_ADMIN", "NET_RAW");
        context.Capabilities.Drop.Should().BeNullOrEmpty("the runtime's default set stays: the image's entrypoint maps root into its own user namespace");
        DaemonSet().Spec.Template.Spec.HostNetwork.Should().NotBe(true, "the suite builds its labs in namespaces of its own, never on a node's network");
        DaemonSet().Spec.Template.Spec.HostPID.Should().NotBe(true);
    }

    [Test]
    public void The_run_gets_the_tun_and_kvm_devices_from_the_node()
    {
        foreach (var device in new[] { "/dev/net/tun", "/dev/kvm" })
        {
            var mount = Run().VolumeMounts.Should().ContainSingle(m => m.MountPath == device).Subject;
            var volume = DaemonSet().Spec.Template.Spec.Volumes.Single(v => v.Name == mount.Name);
            volume.HostPath.Path.Should().Be(device);
            volume.HostPath.Type.Should().Be("CharDevice", "nothing may be created on a node that lacks the device");
        }
    }

    [Test]
    public void The_run_writes_its_results_into_a_per_node_directory_of_the_results_volume()
    {
        var results = Run().VolumeMounts.Should().ContainSingle(m => m.Name == "results").Subject;
        DaemonSet().Spec.Template.Spec.Volumes.Single(v => v.Name == "results").HostPath.Should().NotBeNull();
        Run().Args.Should().Equal("run", "--output", $"{results.MountPath}/$({EnvironmentKeys.NodeNameVariable})");
    }

    [Test]
    public void The_run_is_told_its_node_name_by_the_downward_API()
    {
        var node = Run().Env.Should().ContainSingle(e => e.Name == EnvironmentKeys.NodeNameVariable).Subject;
        node.ValueFrom.FieldRef.FieldPath.Should().Be("spec.nodeName");
    }

    [GeneratedRegex(@"^image_repo=(?<value>\S+)$", RegexOptions.Multiline)]
    private static partial Regex RepoVariable();

    [GeneratedRegex(@"^image_tag=(?<value>\S+)$", RegexOptions.Multiline)]
    private static partial Regex TagVariable();
}
