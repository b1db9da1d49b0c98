using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Infra;

/// <summary>Runs training-job/docker-entrypoint.sh with a stand-in `dotnet` that prints its arguments.</summary>
public sealed class DockerEntrypointTests : IDisposable
{
    private readonly TempDirectory _bin = new();

    public DockerEntrypointTests()
    {
        string fake = Path.Combine(_bin.Path, "dotnet");
        File.WriteAllText(fake, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");

        // The image and its entry point are Linux-only, like the CI that runs these tests; on Windows /bin/sh is missing and Run fails clearly.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public void Dispose() => _bin.Dispose();

    [Fact]
    public void Entrypoint_SplitsTrainingArgsWhenNoArgumentsAreGiven()
    {
        Assert.Equal(["/app/training-job.dll", "train", "--ratings", "blob:data/ratings.csv", "--store", "blob:models"], Run([], "train --ratings blob:data/ratings.csv  --store blob:models"));
    }

    [Fact]
    public void Entrypoint_PrefersExplicitArgumentsOverTrainingArgs()
    {
        Assert.Equal(["/app/training-job.dll", "evaluate", "--k", "10"], Run(["evaluate", "--k", "10"], "train --ratings x"));
    }

    [Fact]
    public void Entrypoint_PassesGlobCharactersLiterally()
    {
        Assert.Equal(["/app/training-job.dll", "train", "--filter", "*"], Run([], "train --filter *"));
    }

    [Fact]
    public void Entrypoint_ShowsHelpWhenThereIsNothingToRun()
    {
        Assert.Equal(["/app/training-job.dll", "--help"], Run([], null));
    }

    private string[] Run(string[] args, string? trainingArgs)
    {
        string script = Path.Combine(RepoPaths.Root, "training-job", "docker-entrypoint.sh");
        var environment = new Dictionary<string, string?>
        {
            ["PATH"] = _bin.Path + ":" + Environment.GetEnvironmentVariable("PATH"),
            ["TRAINING_ARGS"] = trainingArgs,
            ["TRAINING_JOB_DLL"] = null,
        };

        // The working directory holds files, so an unquoted '*' would expand if globbing were on.
        ProcessRunner.Result result = ProcessRunner.TryRun("/bin/sh", [script, .. args], RepoPaths.Root, environment, timeoutSeconds: 30)
            ?? throw new InvalidOperationException("/bin/sh is missing.");

        Assert.True(result.ExitCode == 0, result.StandardError);
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
