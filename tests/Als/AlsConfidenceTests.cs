using Recommender.Core.Als;

namespace Recommender.Tests.Als;

public class AlsConfidenceTests
{
    [Fact]
    public void ConfidenceOf_Linear_IsOnePlusAlphaTimesR()
    {
        var options = new AlsOptions { Alpha = 2.5f };

        Assert.Equal(1f + (2.5f * 4f), options.ConfidenceOf(4f));
    }

    [Fact]
    public void ConfidenceOf_Log_IsOnePlusAlphaTimesLogOfOnePlusROverEpsilon()
    {
        var options = new AlsOptions { Alpha = 3f, Confidence = ConfidenceScaling.Log, Epsilon = 0.5f };

        // 1 + 3 ln(1 + 4 / 0.5) = 1 + 3 ln 9
        Assert.Equal(1d + (3d * Math.Log(9d)), options.ConfidenceOf(4f), 5);
        Assert.Equal(1f, options.ConfidenceOf(0f));
    }

    [Theory]
    [InlineData(ConfidenceScaling.Linear)]
    [InlineData(ConfidenceScaling.Log)]
    public void ConfidenceMinusOne_AgreesWithConfidenceOf(ConfidenceScaling scaling)
    {
        var options = new AlsOptions { Alpha = 1.7f, Confidence = scaling, Epsilon = 2f };
        float[] values = [0.5f, 1f, 3f, 5f];

        float[] cm1 = CpuAlsFitter.ConfidenceMinusOne(values, options);

        for (int k = 0; k < values.Length; k++)
        {
            Assert.Equal(options.ConfidenceOf(values[k]) - 1f, cm1[k], 6);
        }
    }

    [Theory]
    [InlineData(ConfidenceScaling.Linear)]
    [InlineData(ConfidenceScaling.Log)]
    public void StrengthOf_InvertsConfidenceOf(ConfidenceScaling scaling)
    {
        var options = new AlsOptions { Alpha = 3f, Epsilon = 0.5f, Confidence = scaling };

        foreach (float strength in (float[])[0.01f, 0.25f, 1f, 4f, 20f])
        {
            Assert.Equal(strength, options.StrengthOf(options.ConfidenceOf(strength) - 1f), strength * 1e-4f);
        }
    }
}
