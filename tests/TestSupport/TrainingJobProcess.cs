using System.Text.Json;

namespace Recommender.Tests.TestSupport;

/// <summary>Runs the built training job (training-job.dll) as its own process, as operators and the app's process launcher do.</summary>
internal static class TrainingJobProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public JsonElement Json => JsonDocument.Parse(Stdout).RootElement;
    }

    public static Result Run(params string[] arguments)
    {
        string dll = Path.Combine(FunctionsHostProcess.BuildOutput("training-job"), "training-job.dll");
        ProcessRunner.Result result = ProcessRunner.TryRun("dotnet", [dll, .. arguments], RepoPaths.Root, timeoutSeconds: 300)
            ?? throw new InvalidOperationException("dotnet could not be started.");
        Assert.True(result.ExitCode == 0, $"training-job {string.Join(' ', arguments)} exited with {result.ExitCode}:\n{result.StandardError}");
        return new Result(result.ExitCode, result.StandardOutput, result.StandardError);
    }
}
