using System.Diagnostics;
using System.Text.Json;
using NUnit.Framework;
using Vnetconf.Links;
using Vnetconf.Scenarios;
using Vnetconf.TestSupport;

namespace Vnetconf.Conformance.Support;

/// <summary>
/// The command-line tools (iproute2's <c>ip</c>, <c>ethtool</c>) run inside a namespace as an independent oracle of
/// what the harness did through netlink and ioctls, and the skip that says what a host lacks to run these tests.
/// </summary>
internal static class HostTools
{
    /// <summary>Skips the test, saying what is missing and how to get it, unless the Host lab can run and ip, ethtool and nsenter are here.</summary>
    public static void RequireRootAndTools()
    {
        Skip.Unless(HostCapabilities.HostLab);
        foreach (var (tool, package) in new[] { ("ip", "iproute2"), ("ethtool", "ethtool"), ("nsenter", "util-linux") })
        {
            if (Vnetconf.Guest.ExternalCommand.Find(tool) is null) Assert.Ignore($"'{tool}' is not on PATH; it is the oracle of these tests: apt-get install {package}");
        }
    }

    /// <summary>Runs a command inside <paramref name="ns"/> (through <c>nsenter --net</c>); fails the test on a non-zero exit.</summary>
    public static string Run(NetNamespace ns, params string[] command)
    {
        var (exit, stdout, stderr) = TryRun(ns, command);
        if (exit != 0) Assert.Fail($"`{string.Join(' ', command)}` in {ns.Name} exited {exit}: {stderr.Trim()}");
        return stdout;
    }

    /// <summary>Runs a command inside <paramref name="ns"/> and returns its exit code and output, whatever they are.</summary>
    public static (int Exit, string Stdout, string Stderr) TryRun(NetNamespace ns, params string[] command)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true };
        if (ns.IsLabOwned)
        {
            start.FileName = "nsenter";
            start.ArgumentList.Add($"--net={ns.ProcPath}");
            start.ArgumentList.Add("--");
        }
        else
        {
            start.FileName = command[0];
            command = command[1..];
        }
        foreach (var argument in command) start.ArgumentList.Add(argument);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.GetAwaiter().GetResult());
    }

    /// <summary><c>ip -j -d link show NAME</c>: the one link, as ip decodes it.</summary>
    public static JsonElement IpLink(NetNamespace ns, string name) =>
        Json(Run(ns, "ip", "-j", "-d", "link", "show", "dev", name)).EnumerateArray().Single();

    /// <summary><c>ip -j ARGS</c> parsed.</summary>
    public static JsonElement IpJson(NetNamespace ns, params string[] arguments) => Json(Run(ns, ["ip", "-j", .. arguments]));

    /// <summary>Whether ip knows a link of this name in the namespace.</summary>
    public static bool LinkExists(NetNamespace ns, string name) => TryRun(ns, "ip", "link", "show", "dev", name).Exit == 0;

    /// <summary>The names and flags of every link, as ip lists them: a fingerprint of a namespace's link state.</summary>
    public static string LinkFingerprint(NetNamespace ns) =>
        string.Join("\n", IpJson(ns, "link", "show").EnumerateArray().Select(link =>
            $"{link.GetProperty("ifindex").GetInt32()} {link.GetProperty("ifname").GetString()} mtu {link.GetProperty("mtu").GetInt32()} " +
            string.Join(",", link.GetProperty("flags").EnumerateArray().Select(flag => flag.GetString()))));

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

}
