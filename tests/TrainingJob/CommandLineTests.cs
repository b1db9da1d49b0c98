using System.CommandLine;
using Recommender.Tests.TestSupport;
using Recommender.TrainingJob.Commands;

namespace Recommender.Tests.TrainingJob;

public class CommandLineTests
{
    public static TheoryData<string> Commands() => ["generate", "train", "evaluate", "upload", "bench", "bench-serving", "bench-evaluate", "bench-parquet"];

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Help_ListsEveryOptionOfTheCommand_WithItsDefault(string name)
    {
        Command command = CommandRunner.CreateRoot(TextWriter.Null, TextWriter.Null).Subcommands.Single(c => c.Name == name);

        var result = await TrainingJobCli.RunAsync(name, "--help");

        Assert.Equal(0, result.ExitCode);
        string[] lines = result.Stdout.Split('\n');
        foreach (Option option in command.Options)
        {
            string line = Assert.Single(lines, l => l.TrimStart().StartsWith(option.Name + " ", StringComparison.Ordinal) || l.TrimStart().StartsWith(option.Name + ",", StringComparison.Ordinal) || l.Contains(", " + option.Name, StringComparison.Ordinal));
            Assert.True(option.Description is { Length: > 0 } || option.Name == "--help", $"{name} {option.Name} has no description");
            // A flag is off unless given, which its help does not spell out.
            if (option.HasDefaultValue && option.ValueType != typeof(bool))
            {
                Assert.Contains("[default: ", line, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData("train")]
    [InlineData("quality")]
    [InlineData("evaluate")]
    public async Task Help_OfEveryCommandThatReadsRatings_ListsTheLayoutOptions(string command)
    {
        var result = await TrainingJobCli.RunAsync(command, "--help");

        foreach (string option in (string[])["--user-column", "--item-column", "--value-column", "--timestamp-column", "--format"])
        {
            Assert.Contains(option, result.Stdout, StringComparison.Ordinal);
        }

        Assert.Contains(".data (MovieLens 100K)", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BenchParquet_PrintsSizeAndTimePerCompression()
    {
        var result = await TrainingJobCli.RunAsync("bench-parquet", "--rows", "2000", "--users", "100", "--items", "50", "--repeats", "1");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var compressions = result.Json.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("compression").GetString()!, r => r.GetProperty("bytes").GetInt64());
        Assert.Equal(["none", "snappy", "zstd-fastest"], compressions.Keys);
        Assert.True(compressions["zstd-fastest"] < compressions["none"]);
    }

    [Fact]
    public async Task Version_PrintsTheVersionAndSucceeds()
    {
        var result = await TrainingJobCli.RunAsync("--version");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", result.Stdout.Trim());
    }

    [Theory]
    [InlineData]
    [InlineData("fly")]
    [InlineData("train")]
    [InlineData("generate", "--out", "x", "--users", "many")]
    [InlineData("train", "--ratings", "r.csv", "--out", "m", "--reg-exponent", "3")]
    [InlineData("train", "--ratings", "r.csv", "--out", "m", "--reg-exponent", "-1")]
    [InlineData("train", "--ratings", "r.csv", "--out", "m", "--unobserved-weight", "0")]
    [InlineData("train", "--ratings", "r.csv", "--out", "m", "--init-scale", "-0.1")]
    [InlineData("train", "--ratings", "r.csv", "--out", "m", "--init-scale", "large")]
    [InlineData("train", "--ratings", "r.csv", "--out", "m", "--reg-exponent", "1", "--loss")]
    public async Task UsageMistakes_ExitWithTwoAndOneLine(params string[] args)
    {
        var result = await TrainingJobCli.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(string.Empty, result.Stdout);
    }

    [Fact]
    public async Task Train_OnADirectory_SaysItIsADirectory()
    {
        using var dir = new TempDirectory();

        var result = await TrainingJobCli.RunAsync("train", "--ratings", dir.Path, "--out", Path.Combine(dir.Path, "models"));

        AssertOneLineFailure(result, "is a directory");
    }

    [Fact]
    public async Task Train_OnABinaryFile_SaysItIsNotCsvOrParquet_WithoutTheBytes()
    {
        using var dir = new TempDirectory();
        string file = Path.Combine(dir.Path, "ratings.csv");
        await File.WriteAllBytesAsync(file, [0x7F, 0x45, 0x4C, 0x46, 0, 0, 0x1B, 0x07, 0xFF]);

        var result = await TrainingJobCli.RunAsync("train", "--ratings", file, "--out", Path.Combine(dir.Path, "models"));

        AssertOneLineFailure(result, "not a CSV or Parquet file");
        Assert.DoesNotContain(result.Stderr, c => char.IsControl(c) && c != '\n');
    }

    [Fact]
    public async Task Train_OnAnUnrecognisedHeader_NamesTheColumnOptions()
    {
        using var dir = new TempDirectory();
        string file = Path.Combine(dir.Path, "events.csv");
        await File.WriteAllTextAsync(file, "who,what,when\na,b,1\n");

        var result = await TrainingJobCli.RunAsync("train", "--ratings", file, "--out", Path.Combine(dir.Path, "models"));

        AssertOneLineFailure(result, "unrecognised header 'who,what,when'");
        Assert.Contains("--user-column", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--item-column", result.Stderr, StringComparison.Ordinal);
    }

    private static void AssertOneLineFailure(TrainingJobCli.Result result, string expected)
    {
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
