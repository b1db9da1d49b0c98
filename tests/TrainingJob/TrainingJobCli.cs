using System.Text.Json;
using Recommender.TrainingJob.Commands;

namespace Recommender.Tests.TrainingJob;

/// <summary>Runs the training job's commands in-process and captures stdout, stderr and the exit code.</summary>
internal static class TrainingJobCli
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public JsonElement Json => JsonDocument.Parse(Stdout).RootElement;
    }

    public static async Task<Result> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exit = await CommandRunner.RunAsync(args, stdout, stderr);
        return new Result(exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Generates a small synthetic data set into the folder and returns the ratings and movies paths.</summary>
    public static async Task<(string Ratings, string Movies)> GenerateSmallAsync(string folder, int seed = 42)
    {
        var result = await RunAsync("generate", "--out", folder, "--users", "300", "--items", "200", "--interactions", "9000", "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(result.ExitCode == 0, result.Stderr);
        return (Path.Combine(folder, "ratings.csv"), Path.Combine(folder, "movies.csv"));
    }
}
