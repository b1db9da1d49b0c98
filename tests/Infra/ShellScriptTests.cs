using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Infra;

public class ShellScriptTests
{
    [Fact]
    public void EveryShellScript_PassesShellcheck()
    {
        IReadOnlyList<string> scripts = ShellScripts();
        Assert.Contains("test.sh", scripts);

        ProcessRunner.Result? result = ProcessRunner.TryRun("shellcheck", ["--severity=style", "--external-sources", .. scripts], RepoPaths.Root);

        Assert.True(result is not null, "shellcheck is not installed; install it with 'apt-get install -y shellcheck' (test.sh does this when it is missing).");
        Assert.True(result.ExitCode == 0, $"shellcheck found problems:{Environment.NewLine}{result.StandardOutput}{result.StandardError}");
    }

    /// <summary>Tracked *.sh files and tracked files starting with a sh/bash shebang, relative to the root.</summary>
    private static List<string> ShellScripts()
    {
        ProcessRunner.Result? git = ProcessRunner.TryRun("git", ["ls-files", "-z"], RepoPaths.Root);
        IEnumerable<string> files = git is { ExitCode: 0 }
            ? git.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries)
            : WalkTree();
        var scripts = new List<string>();
        foreach (string file in files)
        {
            string path = Path.Combine(RepoPaths.Root, file);
            if (File.Exists(path) && (file.EndsWith(".sh", StringComparison.Ordinal) || HasShellShebang(path)))
            {
                scripts.Add(file);
            }
        }

        scripts.Sort(StringComparer.Ordinal);
        return scripts;
    }

    private static bool HasShellShebang(string path)
    {
        using var reader = new StreamReader(path);
        string? first = reader.ReadLine();
        return first is not null && first.StartsWith("#!", StringComparison.Ordinal)
            && (first.EndsWith("/sh", StringComparison.Ordinal) || first.EndsWith("bash", StringComparison.Ordinal) || first.Contains("/sh ", StringComparison.Ordinal));
    }

    // Without git (e.g. an exported tarball) fall back to the working tree, skipping build output.
    private static IEnumerable<string> WalkTree() =>
        Directory.EnumerateFiles(RepoPaths.Root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepoPaths.Root, f).Replace('\\', '/'))
            .Where(f => !f.Split('/').Any(part => part is "bin" or "obj" or ".git" or "node_modules"));
}
