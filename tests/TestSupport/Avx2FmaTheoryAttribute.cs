namespace Recommender.Tests.TestSupport;

/// <summary>The <see cref="Avx2FmaFactAttribute"/> rule for a theory.</summary>
public sealed class Avx2FmaTheoryAttribute : TheoryAttribute
{
    public Avx2FmaTheoryAttribute()
    {
        if (!Avx2FmaFactAttribute.IsSupported)
        {
            Skip = "This CPU (or the runtime's settings) offers no AVX2 and FMA.";
        }
    }
}
