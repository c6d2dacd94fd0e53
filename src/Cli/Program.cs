using System.CommandLine;
using Vnetconf.Cli;

DiagnosticSocket.Unlink();

var categories = new Option<string[]>("--category", "-c")
{
    Description = $"matrices to run (repeatable): {string.Join(", ", RunCommand.Categories)}; default: all this host can run",
    AllowMultipleArgumentsPerToken = true,
};
var filter = new Option<string?>("--filter") { Description = "run only cells whose scenario id contains this text" };
var output = new Option<DirectoryInfo>("--output", "-o") { Description = "where results.json and the reports go", DefaultValueFactory = _ => new DirectoryInfo("results") };
var kernels = new Option<string[]>("--kernel", "-k", "--guest", "-g")
{
    Description = "guest kernel stack (repeatable; --guest is an alias): a Debian release or suite (11, 12, 13, bullseye, bookworm, " +
                  "bookworm-backports, trixie, trixie-backports, sid) whose newest cloud kernel is fetched into the cache; " +
                  "linux-image-*.deb[,more.deb…]; a kernel build IMAGE,modules=DIR; or host. Several are run and compared side by side; " +
                  "default: VNETCONF_GUEST_* or the host's kernel or Debian 12",
    AllowMultipleArgumentsPerToken = true,
};
var netmapModules = new Option<string[]>("--netmap-modules")
{
    Description = "DIR[,label=TEXT][,tools=DIR]: a directory with netmap.ko (and netmap's virtio_net.ko for the native adapter) built for the guest kernel: runs the netmap " +
                  "categories (default: VNETCONF_NETMAP_MODULES; parameters: VNETCONF_NETMAP_PARAMS). Repeatable: each labelled build is a stack of its own, " +
                  "run with the same netmap cells and compared side by side. tools=DIR (default: VNETCONF_NETMAP_TOOLS) holds a static pkt-gen of the same build: " +
                  "the netmap.rx and netmap.tx cells then also run it in the guest and require it to see what the agent sees",
};
var qemus = new Option<string[]>("--qemu", "-q")
{
    Description = "QEMU of the guest stacks (repeatable): host (qemu-system-x86_64 on this host); a qemu-system-x86_64 PATH[,firmware=DIR] (a build tree's; its pc-bios beside it is found) run on this host; " +
                  "a Debian release or suite (11, 12, 13, bookworm-backports, trixie-backports, sid), from the image setup/container-fixtures --qemu-suite SUITE builds; container (the Debian 13 image); " +
                  "or a local image NAME:TAG holding qemu-system-x86_64. The images run through Testcontainers; each QEMU's version is read from it. Default: host, and container where its engine and image are ready",
    AllowMultipleArgumentsPerToken = true,
};
var vhost = new Option<bool>("--vhost")
{
    Description = "also run each stack of a QEMU on this host with vhost=on, as a stack NAME.vhost beside it: the kernel's vhost-net moves the guests' frames " +
                  "instead of QEMU, and the two datapaths are compared cell by cell (needs /dev/vhost-net; a container's QEMU has none). " +
                  "Implied for the default stacks (no --qemu) where /dev/vhost-net exists",
};
var junit = new Option<FileInfo?>("--junit") { Description = "also write the run as JUnit XML to this file (one testcase per cell and stack), for CI servers" };
var ktap = new Option<FileInfo?>("--ktap") { Description = "also write the run as KTAP version 1 to this file (one test per cell, a subtest per stack), for kernel CI" };
var run = new Command("run", "run the conformance matrix and write results.json, report.md, report.html (and pcapng of deviating cells)")
{
    categories, filter, output, kernels, qemus, netmapModules, vhost, junit, ktap,
};
run.SetAction(parse => RunCommand.Execute(parse.GetValue(categories) ?? [], parse.GetValue(filter), parse.GetValue(output)!, parse.GetValue(kernels) ?? [],
    parse.GetValue(qemus) ?? [], parse.GetValue(netmapModules) ?? [], new CiOutputs(parse.GetValue(junit), parse.GetValue(ktap)), parse.GetValue(vhost)));

var doctor = new Command("doctor", "say what this host can run and why not, with the fix for each gap");
doctor.SetAction(_ => DoctorCommand.Execute());

var files = new Argument<FileInfo[]>("results") { Description = "results.json files; the first is the baseline", Arity = ArgumentArity.OneOrMore };
var gate = new Option<bool>("--gate") { Description = "exit 1 when any behaviour differs from the baseline, or a cell the baseline ran was not run by another" };
var onlyDifferences = new Option<bool>("--only-differences") { Description = "list only the behaviours that differ" };
var compareOutput = new Option<DirectoryInfo>("--output", "-o")
{
    Description = "where compare.md and compare.html go (default: the current directory)",
    DefaultValueFactory = _ => new DirectoryInfo("."),
};
var compare = new Command("compare", "compare runs side by side (kernel, QEMU, netmap versions as columns) on the console and in compare.md and compare.html")
{
    files, gate, onlyDifferences, compareOutput,
};
compare.SetAction(parse => CompareCommand.Execute(parse.GetValue(files)!, parse.GetValue(gate), parse.GetValue(onlyDifferences), parse.GetValue(compareOutput)!));

var source = new Argument<FileInfo>("results") { Description = "the results.json of a real run" };
var documentOutput = new Option<FileInfo>("--output", "-o") { Description = "the document to write", DefaultValueFactory = _ => new FileInfo("docs/BEHAVIOR.md") };
var document = new Command("document", "render the behaviour catalogue (docs/BEHAVIOR.md) from a run's results") { source, documentOutput };
document.SetAction(parse => DocumentCommand.Execute(parse.GetValue(source)!, parse.GetValue(documentOutput)!));

var root = new RootCommand("vnetconf: does the virtio-net header, checksum offload and TSO still behave as documented on this stack?")
{
    run, doctor, compare, document,
};

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    Console.Error.WriteLine($"vnetconf: {parsed.Errors[0].Message} (see vnetconf --help)");
    return ExitCodes.BadArguments;
}
try
{
    return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e)
{
    Console.Error.WriteLine($"vnetconf: internal error: {e.GetType().Name}: {e.Message}");
    return ExitCodes.InternalError;
}
