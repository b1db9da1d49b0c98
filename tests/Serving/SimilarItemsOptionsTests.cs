using Recommender.Core.Serving;

namespace Recommender.Tests.Serving;

public class SimilarItemsOptionsTests
{
    [Fact]
    public void Adjust_FiltersItemsBelowTheMinimumSupportAndShrinksTheRest()
    {
        float[] cosines = [0.9f, 0.8f, 0.5f];
        var options = new SimilarItemsOptions { MinSupport = 3, Shrinkage = 10 };

        options.Adjust(cosines, [2, 10, 90]);

        Assert.Equal(float.NegativeInfinity, cosines[0]);
        Assert.Equal(0.8f * 10 / 20, cosines[1], 6);
        Assert.Equal(0.5f * 90 / 100, cosines[2], 6);
    }

    [Fact]
    public void Adjust_ShrinkageLetsAWellSupportedItemOvertakeAThinlySupportedOne()
    {
        float[] cosines = [0.9f, 0.7f];

        new SimilarItemsOptions { Shrinkage = 25 }.Adjust(cosines, [5, 200]);

        Assert.True(cosines[1] > cosines[0]);
    }

    [Fact]
    public void Adjust_PlainCosine_LeavesTheScores()
    {
        float[] cosines = [0.9f, -0.2f];

        SimilarItemsOptions.PlainCosine.Adjust(cosines, [1, 1]);

        Assert.Equal([0.9f, -0.2f], cosines);
    }

    [Fact]
    public void Adjust_WithSupportOfAnotherLength_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => SimilarItemsOptions.Default.Adjust(new float[3], [1, 2]));
    }
}
