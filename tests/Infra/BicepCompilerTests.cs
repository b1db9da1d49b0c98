using System.Reflection;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Infra;

/// <summary>
/// The real Bicep compiler (restored as a NuGet package) type-checks every resource in infra/ against its API version:
/// <c>bicep build</c> and <c>bicep lint</c> on main.bicep, which pulls in every module, must pass without a warning.
/// </summary>
public class BicepCompilerTests
{
    private static string Compiler()
    {
        string path = typeof(BicepCompilerTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepCompiler").Value!;
        Assert.True(File.Exists(path), $"The Bicep compiler is missing at {path}; restore tests/Recommender.Tests.csproj.");

        // A package extracted without the execute bit still holds a working binary.
        if (!OperatingSystem.IsWindows() && !File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute);
        }

        return path;
    }

    private static ProcessRunner.Result Run(params string[] arguments)
    {
        // The compiler checks for a newer version online unless told not to; nothing outside may be reached from tests.
        var environment = new Dictionary<string, string?> { ["BICEP_TRACING_ENABLED"] = "false", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" };
        ProcessRunner.Result? result = ProcessRunner.TryRun(Compiler(), arguments, RepoPaths.Root, environment, timeoutSeconds: 300);
        Assert.NotNull(result);
        return result;
    }

    [Fact]
    public void MainBicep_BuildsWithoutAnError()
    {
        ProcessRunner.Result result = Run("build", InfraFiles.MainBicep, "--stdout");

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Contains("\"$schema\"", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void MainBicep_LintsWithoutAWarning()
    {
        ProcessRunner.Result result = Run("lint", InfraFiles.MainBicep);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.DoesNotContain("Warning", result.StandardError + result.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Error", result.StandardError + result.StandardOutput, StringComparison.OrdinalIgnoreCase);
    }
}
