using System.Text;
using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Guest;

namespace Vnetconf.Harness.Tests.Guest;

/// <summary>
/// The PVH entry on the real kernels of the cache (setup/guest-fixtures fetches them), against binutils' readelf as the
/// independent reader of ELF notes and the bzImage's own header for the release.
/// </summary>
public sealed class PvhKernelTests
{
    private string cache = null!;

    [SetUp]
    public void CreateCache() => cache = Directory.CreateTempSubdirectory("vnetconf-pvh-").FullName;

    [TearDown]
    public void RemoveCache() => Directory.Delete(cache, recursive: true);

    [Test]
    public void Each_cached_Debian_kernel_is_decompressed_once_into_the_vmlinux_of_its_release_with_the_PVH_note_readelf_shows()
    {
        var images = CachedKernelImages();
        foreach (var image in images)
        {
            var (vmlinux, whyNot) = PvhKernel.Prepare(image, cache);

            whyNot.Should().BeNull(image);
            var release = BzImage.ReadRelease(image);
            Encoding.ASCII.GetString(File.ReadAllBytes(vmlinux!)).Should().Contain($"Linux version {release} ", "the vmlinux is {0}'s kernel", image);
            ReadElfNotes(vmlinux!).Should().MatchRegex(@"Xen\s+0x[0-9a-f]+\s+Unknown note type: \(0x00000012\)", "readelf sees XEN_ELFNOTE_PHYS32_ENTRY in {0}", vmlinux);
            var written = File.GetLastWriteTimeUtc(vmlinux!);
            PvhKernel.Prepare(image, cache).Path.Should().Be(vmlinux, "the second boot of a kernel reuses its vmlinux");
            File.GetLastWriteTimeUtc(vmlinux!).Should().Be(written);
        }
    }

    [Test]
    public void An_ELF_without_the_Xen_note_has_no_PVH_entry_as_readelf_shows()
    {
        var busybox = GuestImageBuilder.BusyboxPath;
        if (!File.Exists(busybox)) Assert.Ignore($"no {busybox}: install busybox-static (setup/guest-fixtures does)");
        ReadElfNotes(busybox).Should().NotContain("Xen");

        PvhKernel.HasPvhEntry(File.ReadAllBytes(busybox)).Should().BeFalse();
    }

    [Test]
    public void A_kernel_cut_short_is_booted_as_its_bzImage_with_the_reason()
    {
        var image = CachedKernelImages()[0];
        var cut = Path.Combine(cache, "vmlinuz-cut");
        File.WriteAllBytes(cut, File.ReadAllBytes(image)[..(1 << 20)]); // a download cut short

        var (vmlinux, whyNot) = PvhKernel.Prepare(cut, cache);

        vmlinux.Should().BeNull();
        whyNot.Should().Contain("payload");
        PvhKernel.Prepare(cut, cache).WhyNot.Should().Be(whyNot, "why a kernel cannot be entered through PVH is found out once and kept");
    }

    private static string[] CachedKernelImages() => [.. CachedKernels.Require().Select(kernel => kernel.Image)];

    private static string ReadElfNotes(string path)
    {
        if (ExternalCommand.Find("readelf") is null) Assert.Ignore("no readelf, the independent reader of ELF notes. Fix: apt-get install binutils");
        return ExternalCommand.Run("readelf", ["-n", path], TimeSpan.FromMinutes(1)).OutputText;
    }
}
