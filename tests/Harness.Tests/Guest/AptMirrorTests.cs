using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Guest;

namespace Vnetconf.Harness.Tests.Guest;

public sealed class AptMirrorTests
{
    [Test]
    public void The_main_archive_of_a_deb822_file_is_the_stanza_with_a_plain_suite()
    {
        const string sources = """
            Types: deb
            # a comment
            URIs: http://mirror.example/debian
            Suites: bookworm bookworm-updates
            Components: main
            Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

            Types: deb
            URIs: http://mirror.example/debian-security
            Suites: bookworm-security
            Components: main
            """;
        var main = AptMirror.FindMain(AptMirror.ParseDeb822(sources))!;
        main.Uri.Should().Be("http://mirror.example/debian");
        main.Suites.Should().Contain("bookworm");
        main.SignedBy.Should().Be("/usr/share/keyrings/debian-archive-keyring.gpg");
    }

    [Test]
    public void A_one_line_source_with_options_is_read()
    {
        var mirrors = AptMirror.ParseOneLine("# x\ndeb [arch=amd64 signed-by=/k.gpg] http://mirror.example/debian trixie main\n").ToList();
        mirrors.Should().ContainSingle().Which.Should().BeEquivalentTo(new AptMirror("http://mirror.example/debian", ["trixie"], "/k.gpg"));
    }

    [TestCase("13", "trixie")]
    [TestCase("debian12", "bookworm")]
    [TestCase("Trixie", "trixie")]
    [TestCase("11", "bullseye")]
    [TestCase("bookworm-backports", "bookworm-backports")]
    [TestCase("trixie-backports", "trixie-backports")]
    [TestCase("sid", "sid")]
    [TestCase("unstable", "sid")]
    public void A_Debian_suite_is_selected_by_number_or_name(string text, string suite)
    {
        DebianRelease.Parse(text).Suite.Should().Be(suite);
    }

    [Test]
    public void An_unknown_release_is_refused_with_the_known_ones()
    {
        var parse = () => DebianRelease.Parse("potato");
        parse.Should().Throw<ArgumentException>().WithMessage("*11 (bullseye)*12 (bookworm)*bookworm-backports*13 (trixie)*trixie-backports*sid*");
    }

    [Test]
    public void Ldd_output_gives_the_library_paths_and_the_loader()
    {
        const string ldd = """
                linux-vdso.so.1 (0x00007ffd)
                libm.so.6 => /lib/x86_64-linux-gnu/libm.so.6 (0x00007f26)
                libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f26)
                /lib64/ld-linux-x86-64.so.2 (0x00007f26)
            """;
        SharedLibraries.ParseLdd(ldd).Should().Equal(
            "/lib/x86_64-linux-gnu/libm.so.6", "/lib/x86_64-linux-gnu/libc.so.6", "/lib64/ld-linux-x86-64.so.2");
    }
}
