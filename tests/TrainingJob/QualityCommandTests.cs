using Recommender.Tests.TestSupport;

namespace Recommender.Tests.TrainingJob;

public class QualityCommandTests
{
    [Fact]
    public async Task Quality_PrintsMeanAndSdForPopularityEverySignalAndTheSimilarItemsGrid()
    {
        using var dir = new TempDirectory();
        var (ratings, movies) = await TrainingJobCli.GenerateSmallAsync(Path.Combine(dir.Path, "data"));
        string item = File.ReadLines(ratings).Skip(1).First().Split(',')[1];

        var result = await TrainingJobCli.RunAsync("quality", "--ratings", ratings, "--items", movies, "--seeds", "2", "--factors", "8", "--iterations", "3",
            "--threads", "2", "--similar-to", item);

        Assert.True(result.ExitCode == 0, result.Stderr);
        string[] lines = result.Stdout.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("| Popularity | ", StringComparison.Ordinal) && l.Contains("± 0.0000", StringComparison.Ordinal));
        Assert.Equal(8, lines.Count(l => l.StartsWith("| ALS, ", StringComparison.Ordinal) && l.Contains('±', StringComparison.Ordinal)));
        Assert.Equal(5, lines.Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\| \d+ \| ")));
        Assert.Contains("Similar to ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("2 seeds", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quality_AnUnknownSimilarToItem_FailsWithOneLine()
    {
        using var dir = new TempDirectory();
        var (ratings, _) = await TrainingJobCli.GenerateSmallAsync(Path.Combine(dir.Path, "data"));

        var result = await TrainingJobCli.RunAsync("quality", "--ratings", ratings, "--seeds", "1", "--factors", "4", "--iterations", "1", "--similar-to", "no-such-item");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no-such-item", result.Stderr, StringComparison.Ordinal);
    }
}
