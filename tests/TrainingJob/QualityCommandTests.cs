using System.Text;
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

    [Theory]
    [InlineData("u.data", "auto")]
    [InlineData("u1.base", "data")]
    public async Task Quality_ReadsMovieLens100KRatingsAndItsLatin1Catalogue(string ratingsName, string format)
    {
        using var dir = new TempDirectory();
        var (ratings, _) = await TrainingJobCli.GenerateSmallAsync(Path.Combine(dir.Path, "data"));
        string[][] rows = [.. File.ReadLines(ratings).Skip(1).Select(l => l.Split(','))];
        string uData = Path.Combine(dir.Path, ratingsName);
        File.WriteAllLines(uData, rows.Select(r => string.Join('\t', r[0], r[1], r[2], r[3])));
        string item = rows[0][1];
        string uItem = Path.Combine(dir.Path, "u.item");
        string flags = string.Join('|', Enumerable.Range(0, 19).Select(i => i == 8 ? "1" : "0"));
        File.WriteAllBytes(uItem, Encoding.Latin1.GetBytes(string.Concat(rows.Select(r => r[1]).Distinct().Select(id =>
            $"{id}|{(id == item ? "Mis\u00e9rables, Les (1995)" : $"Film {id} (1995)")}|01-Jan-1995||http://example.org/{id}|{flags}\n"))));

        var result = await TrainingJobCli.RunAsync("quality", "--ratings", uData, "--items", uItem, "--format", format, "--seeds", "1", "--factors", "4",
            "--iterations", "1", "--threads", "2", "--similar-to", item);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("Similar to Mis\u00e9rables, Les (1995)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("| Popularity | ", result.Stdout, StringComparison.Ordinal);
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
