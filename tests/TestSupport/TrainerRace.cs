using System.Text.Json;

namespace Recommender.Tests.TestSupport;

/// <summary>
/// Two (or more) training-job processes started at once on the same data and the same models container, as when a
/// nightly run and a manual one overlap. Each evaluates against the same live model and promotes only over the
/// current.json it read (If-Match), so exactly one of them may promote. Both train the same data with the same seed,
/// and a candidate must beat the live model by --min-improve: should one start only after the other promoted, it
/// meets an equal live model and stays unpromoted, so "exactly one" holds however the two are scheduled.
/// </summary>
internal static class TrainerRace
{
    /// <summary>One trainer's end: its exit code, whether it promoted, the version it published, and its error output.</summary>
    public sealed record Outcome(int ExitCode, bool Promoted, string? Version, string Stderr);

    public static async Task<IReadOnlyList<Outcome>> RunAsync(string connectionString, string modelsContainer, int trainers = 2, string dataContainer = "data")
    {
        string dll = Path.Combine(FunctionsHostProcess.BuildOutput("training-job"), "training-job.dll");
        string[] arguments =
        [
            dll, "train", "--ratings", $"blob:{dataContainer}/ratings.csv", "--items", $"blob:{dataContainer}/movies.csv",
            "--store", connectionString, "--models-container", modelsContainer, "--no-feedback", "--min-improve", "0.001",
            "--factors", "16", "--iterations", "5", "--threads", "1",
        ];
        Task<ProcessRunner.Result?>[] runs = [.. Enumerable.Range(0, trainers).Select(_ => Task.Run(() => ProcessRunner.TryRun("dotnet", arguments, RepoPaths.Root, timeoutSeconds: 300)))];
        ProcessRunner.Result?[] results = await Task.WhenAll(runs);
        return [.. results.Select(Parse)];
    }

    private static Outcome Parse(ProcessRunner.Result? result)
    {
        if (result is null)
        {
            return new Outcome(-1, false, null, "dotnet could not be started");
        }

        if (result.ExitCode != 0)
        {
            return new Outcome(result.ExitCode, false, null, result.StandardError);
        }

        using JsonDocument json = JsonDocument.Parse(result.StandardOutput);
        return new Outcome(0, json.RootElement.GetProperty("promoted").GetBoolean(), json.RootElement.GetProperty("version").GetString(), result.StandardError);
    }
}
