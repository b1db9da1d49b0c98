namespace Recommender.Tests.TestSupport;

/// <summary>
/// A test that reads MovieLens ml-latest-small from the folder in <c>RECOMMENDER_MOVIELENS_DIR</c>. The data set may
/// not be redistributed, so a clone does not carry it: without the variable the test is reported as skipped.
/// </summary>
public sealed class MovieLensFactAttribute : FactAttribute
{
    public MovieLensFactAttribute()
    {
        if (RepoPaths.MovieLensSmallOrNull is null)
        {
            Skip = $"MovieLens ml-latest-small not available: set {RepoPaths.MovieLensVariable} to its folder (test.sh does when ../shared/datasets/ml-latest-small exists).";
        }
    }
}
