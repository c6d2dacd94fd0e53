using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Guest;

namespace Vnetconf.Harness.Tests.Architecture;

/// <summary>
/// A harness type is public only when another project uses it: the programs, the other layers, the test suites. A use
/// is a type reference in the other project's compiled assembly (which sees `foreach (var a in …)`), or the type's name
/// in its sources (a constant such as <c>UdpHeader.Size</c> leaves no reference in compiled code). This suite sees
/// internals anyway, so it does not count as a user. A type exposed by the public members of a used type is used too.
/// </summary>
public sealed class VisibilityTests
{
    private static readonly string Root = GuestAgentBuild.RepositoryRoot;

    /// <summary>Each harness assembly, named after its project under src/Harness.</summary>
    private static readonly string[] HarnessProjects = ["Interop", "Packets", "Links", "Netmap", "Model", "Guest", "Scenarios", "Container", "Reporting"];

    /// <summary>Where this test's build put its own assembly, relative to its bin folder: CONFIGURATION/net10.0/RID, the same for every project.</summary>
    private static readonly string OutputTail = Path.GetRelativePath(Path.Combine(Root, "tests", "Harness.Tests", "bin"), AppContext.BaseDirectory);

    [Test]
    public void Every_public_harness_type_is_used_by_another_project()
    {
        var users = Projects().Where(p => p.Name != "tests/Harness.Tests").Select(p => (p.Name, Sources: Sources(p.Directory), References: References(p.Directory))).ToArray();
        users.Count(u => u.References.Count > 0).Should().BeGreaterThan(HarnessProjects.Length, "every project is built before this test");
        var exported = HarnessProjects
            .SelectMany(project => Assembly.Load($"Vnetconf.{project}").GetExportedTypes().Where(t => !t.IsNested)
                .Select(type => (Project: $"src/Harness/{project}", Type: type)))
            .ToArray();
        var used = exported.Where(t => users.Any(u => u.Name != t.Project && (u.References.Contains(t.Type.FullName!)
                                                                 || Regex.IsMatch(u.Sources, $@"\b{Regex.Escape(t.Type.Name.Split('`')[0])}\b"))))
            .Select(t => t.Type).ToHashSet();
        // A type another project uses brings along what its public members expose (a record's properties, a method's result).
        for (var grown = true; grown;)
        {
            var exposed = used.SelectMany(Exposes).Where(t => !used.Contains(t) && exported.Any(e => e.Type == t)).ToArray();
            grown = exposed.Length > 0;
            used.UnionWith(exposed);
        }
        var unused = exported.Where(t => !used.Contains(t.Type)).Select(t => $"{t.Project}: {t.Type.Name}");
        string.Join("; ", unused).Should().BeEmpty("a type no other project uses is internal to its own");
    }

    /// <summary>The types the public members of <paramref name="type"/> name, generic arguments and element types included.</summary>
    private static IEnumerable<Type> Exposes(Type type)
    {
        const BindingFlags Public = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var named = type.GetProperties(Public).Select(p => p.PropertyType)
            .Concat(type.GetFields(Public).Select(f => f.FieldType))
            .Concat(type.GetMethods(Public).SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)))
            .Concat(type.GetConstructors(Public).SelectMany(c => c.GetParameters().Select(p => p.ParameterType)));
        return named.SelectMany(Unwrap);

        static IEnumerable<Type> Unwrap(Type t) =>
            t.HasElementType ? Unwrap(t.GetElementType()!)
            : t.IsGenericType ? t.GetGenericArguments().SelectMany(Unwrap).Append(t.GetGenericTypeDefinition())
            : [t];
    }

    /// <summary>Every project: src/Harness/X, src/X and tests/X, by the folder of its project file.</summary>
    private static IEnumerable<(string Name, string Directory)> Projects() =>
        Directory.EnumerateFiles(Root, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains("/bin/", StringComparison.Ordinal) && !p.Contains("/obj/", StringComparison.Ordinal))
            .Select(p => Path.GetDirectoryName(p)!)
            .Select(dir => (Path.GetRelativePath(Root, dir).Replace(Path.DirectorySeparatorChar, '/'), dir));

    private static string Sources(string directory) => string.Join('\n', Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
        .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
        .Select(File.ReadAllText));

    /// <summary>The full names of the types the project's own assembly (the one dll in its obj folder) references.</summary>
    private static HashSet<string> References(string directory)
    {
        var output = Path.Combine(directory, "obj", OutputTail);
        if (!Directory.Exists(output)) return [];
        return [.. Directory.EnumerateFiles(output, "*.dll").SelectMany(dll =>
        {
            using var pe = new PEReader(File.OpenRead(dll));
            var metadata = pe.GetMetadataReader();
            return metadata.TypeReferences.Select(metadata.GetTypeReference)
                .Select(t => $"{metadata.GetString(t.Namespace)}.{metadata.GetString(t.Name)}").ToList();
        })];
    }
}
