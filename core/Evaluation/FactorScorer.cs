using Recommender.Core.Als;
using Recommender.Core.Serving;

namespace Recommender.Core.Evaluation;

/// <summary>Scores items for a user by the dot product of their ALS factors.</summary>
public sealed class FactorScorer(AlsFactors factors) : IItemScorer
{
    private readonly AlsFactors _factors = factors ?? throw new ArgumentNullException(nameof(factors));

    public int ItemCount => _factors.Items;

    public bool TryScore(int user, Span<float> scores)
    {
        if ((uint)user >= (uint)_factors.Users)
        {
            return false;
        }

        ItemScoring.ScoreAll(_factors.User(user), _factors.ItemFactors, scores);
        return true;
    }
}
