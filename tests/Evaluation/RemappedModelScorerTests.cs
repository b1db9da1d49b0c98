using Recommender.Core.Data;
using Recommender.Core.Evaluation;
using Recommender.Core.Serving;

namespace Recommender.Tests.Evaluation;

public class RemappedModelScorerTests
{
    [Fact]
    public void TryScoreMany_MapsItemsAndUsers_AsOneUserAtATime()
    {
        ServingModel model = ServingBenchmark.RandomModel(6, 40, 16, seed: 5);
        var package = model.Package;

        // This data set knows items 3, 1, 39 and one the model lacks, and users 2, 5 and one the model lacks.
        IdMap items = IdMap.FromIds([package.Items[3], package.Items[1], "not-in-model", package.Items[39]]);
        IdMap users = IdMap.FromIds([package.Users[2], "stranger", package.Users[5]]);
        var scorer = new RemappedModelScorer(package, users, items);
        var scores = new float[3 * 4];
        var scored = new bool[3];

        scorer.TryScoreMany([0, 1, 2], scores, scored);

        Assert.Equal([true, false, true], scored);
        var full = new float[40];
        foreach (var (row, modelUser) in new[] { (0, 2), (2, 5) })
        {
            ItemScoring.ScoreAll(package.Factors.User(modelUser), package.Factors.ItemFactors, full);
            Assert.Equal([full[3], full[1], float.NegativeInfinity, full[39]], scores.AsSpan(row * 4, 4).ToArray());
        }

        var one = new float[4];
        Assert.True(scorer.TryScore(2, one));
        Assert.Equal(scores.AsSpan(8, 4).ToArray(), one);
        Assert.False(scorer.TryScore(1, one));
    }
}
