using System.Text.Json;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.TrainingJob;

/// <summary>The foundation's quality bar on the real MovieLens ml-latest-small data, with default hyperparameters.</summary>
public class MovieLensAcceptanceTests
{
    [MovieLensFact]
    public async Task Train_WithDefaults_BeatsPopularityByHalfAgainAndReachesImplicitsNdcg()
    {
        using var dir = new TempDirectory();
        string ratings = Path.Combine(RepoPaths.MovieLensSmall, "ratings.csv");

        var result = await TrainingJobCli.RunAsync("train", "--ratings", ratings, "--out", dir.Path);

        Assert.True(result.ExitCode == 0, result.Stderr);
        JsonElement als = result.Json.GetProperty("metrics");
        JsonElement popularity = result.Json.GetProperty("popularity");
        double ndcg = als.GetProperty("ndcg@10").GetDouble();
        double hit = als.GetProperty("hit@10").GetDouble();
        Assert.True(ndcg >= 0.036, $"ndcg@10 {ndcg:F4} is below implicit's 0.040 within noise (0.036)");
        Assert.True(ndcg >= 1.5 * popularity.GetProperty("ndcg@10").GetDouble(), $"ndcg@10 {ndcg:F4} vs popularity {popularity.GetProperty("ndcg@10").GetDouble():F4}");
        Assert.True(hit >= 1.5 * popularity.GetProperty("hit@10").GetDouble(), $"hit@10 {hit:F4} vs popularity {popularity.GetProperty("hit@10").GetDouble():F4}");
    }

    [Fact]
    public async Task NpyArtifacts_LoadInNumPyWithTheRightShapeAndDtype()
    {
        using var dir = new TempDirectory();
        var (ratings, _) = await TrainingJobCli.GenerateSmallAsync(Path.Combine(dir.Path, "data"));
        string models = Path.Combine(dir.Path, "models");
        var train = await TrainingJobCli.RunAsync("train", "--ratings", ratings, "--out", models, "--factors", "8", "--iterations", "2");
        Assert.True(train.ExitCode == 0, train.Stderr);
        string folder = Path.Combine(models, train.Json.GetProperty("version").GetString()!);

        string script = "import numpy as np, sys\n" +
            "u = np.load(sys.argv[1] + '/user_factors.npy'); i = np.load(sys.argv[1] + '/item_factors.npy')\n" +
            "p = np.load(sys.argv[1] + '/popularity.npy'); s = np.load(sys.argv[1] + '/seen_indptr.npy')\n" +
            "print(u.dtype, u.shape[1], i.dtype, i.shape[1], p.dtype, s.dtype, s.shape[0] == u.shape[0] + 1, i.shape[0] == p.shape[0], bool(np.isfinite(u).all()))\n";
        ProcessRunner.Result? python = ProcessRunner.TryRun("/usr/bin/python3", ["-c", script, folder], folder);

        Assert.True(python is not null, "/usr/bin/python3 is missing (the test command installs python3-numpy)");
        Assert.True(python.ExitCode == 0, "numpy could not load the artifacts (the test command installs python3-numpy): " + python.StandardError);
        Assert.Equal("float32 8 float32 8 float32 int32 True True True", python.StandardOutput.Trim());
    }
}
