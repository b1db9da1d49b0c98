using Recommender.Core.Popularity;
using Recommender.Tests.Data;

namespace Recommender.Tests.Popularity;

public class PopularityModelTests
{
    // Items in first-seen order: i0, i1, i2, i3. Row 3 (i2) is left out of the training rows below.
    private static readonly string[] _rows =
    [
        "u1,i0,4.0,1", "u2,i0,5.0,1", "u1,i1,5.0,2", "u3,i2,1.0,1", "u1,i3,3.0,3", "u2,i3,3.0,3", "u3,i3,3.0,3",
    ];

    private static readonly int[] _trainRows = [0, 1, 2, 4, 5, 6];

    [Fact]
    public void Build_ScoresMeanRatingPlusLogCount()
    {
        var model = PopularityModel.Build(TestTables.MovieLens(_rows), _trainRows);

        // i0: 4.5 + ln 3; i1: 5 + ln 2; i2: no training rows -> 0; i3: 3 + ln 4.
        Assert.Equal([2, 1, 0, 3], model.Counts);
        Assert.Equal(4.5f + MathF.Log(3), model.Scores[0], 5);
        Assert.Equal(5f + MathF.Log(2), model.Scores[1], 5);
        Assert.Equal(0f, model.Scores[2]);
        Assert.Equal(3f + MathF.Log(4), model.Scores[3], 5);
        Assert.Equal([1, 0, 3], model.RankedItems.ToArray());
    }

    [Fact]
    public void Build_HonoursTheWeights()
    {
        var countOnly = PopularityModel.Build(TestTables.MovieLens(_rows), _trainRows, new PopularityOptions { RatingWeight = 0, CountWeight = 1 });

        Assert.Equal([3, 0, 1], countOnly.RankedItems.ToArray());
        Assert.Equal(MathF.Log(4), countOnly.Scores[3], 5);
    }

    [Fact]
    public void RankedItems_BreakTiesByIndex()
    {
        var model = new PopularityModel([1, 0, 1, 1], [2f, 0f, 3f, 2f]);

        Assert.Equal([2, 0, 3], model.RankedItems.ToArray());
    }

    [Fact]
    public void TryScore_GivesEveryUserTheSameScores()
    {
        var model = PopularityModel.Build(TestTables.MovieLens(_rows), _trainRows);
        var first = new float[model.ItemCount];
        var second = new float[model.ItemCount];

        Assert.True(model.TryScore(0, first));
        Assert.True(model.TryScore(12345, second));
        Assert.Equal(first, second);
        Assert.Equal(model.Scores.ToArray(), first);
    }
}
