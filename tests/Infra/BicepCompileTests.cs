using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Infra;

/// <summary>
/// The real Bicep compiler (Azure.Bicep.CommandLine.linux-x64, restored by the test project's PackageDownload) builds and
/// lints infra/main.bicep, type-checking every resource against its API version; any warning fails the test.
/// </summary>
public class BicepCompileTests
{
    private const string Package = "azure.bicep.commandline.linux-x64";

    [Theory]
    [InlineData("build", "--stdout")]
    [InlineData("lint", null)]
    public void MainBicep_CompilesAndLintsWithoutWarnings(string command, string? extra)
    {
        string bicep = BicepBinary();
        var arguments = new List<string> { command, Path.Combine(RepoPaths.Root, "infra", "main.bicep") };
        if (extra is not null)
        {
            arguments.Add(extra);
        }

        ProcessRunner.Result? result = ProcessRunner.TryRun(bicep, arguments, RepoPaths.Root, timeoutSeconds: 300);

        Assert.NotNull(result);
        Assert.True(result.ExitCode == 0, $"bicep {command} exited {result.ExitCode}: {result.StandardError}");
        Assert.DoesNotContain("Warning", result.StandardError, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Error", result.StandardError, StringComparison.OrdinalIgnoreCase);
        if (command == "build")
        {
            Assert.Contains("\"$schema\"", result.StandardOutput, StringComparison.Ordinal);
        }
    }

    /// <summary>The restored compiler under the NuGet packages folder, made executable (package extraction may drop the bit).</summary>
    private static string BicepBinary()
    {
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string version = BicepVersion();
        string binary = Path.Combine(packages, Package, version, "tools", "bicep");
        Assert.True(File.Exists(binary), $"Bicep {version} is not restored at {binary}: run dotnet restore tests/Recommender.Tests.csproj.");
        if (OperatingSystem.IsLinux())
        {
            UnixFileMode mode = File.GetUnixFileMode(binary);
            const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            if ((mode & UnixFileMode.UserExecute) == 0)
            {
                File.SetUnixFileMode(binary, mode | execute);
            }
        }

        return binary;
    }

    /// <summary>The version pinned in Directory.Packages.props, so the test follows a version bump.</summary>
    private static string BicepVersion()
    {
        string props = File.ReadAllText(Path.Combine(RepoPaths.Root, "Directory.Packages.props"));
        const string open = "<BicepCliVersion>";
        int start = props.IndexOf(open, StringComparison.Ordinal) + open.Length;
        int end = props.IndexOf("</BicepCliVersion>", start, StringComparison.Ordinal);
        return props[start..end].Trim();
    }
}
