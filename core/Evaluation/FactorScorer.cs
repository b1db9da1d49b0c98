using System.Buffers;
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

    /// <summary>
    /// One pass over the item matrix for all <paramref name="users"/> (<see cref="ItemScoring.ScoreAllBatch"/>), with
    /// scores bit-identical to <see cref="TryScore"/>'s. A user outside the model gets a zero query and is marked unscored.
    /// </summary>
    public void TryScoreMany(ReadOnlySpan<int> users, Span<float> scores, Span<bool> scored)
    {
        int f = _factors.Factors;
        float[] queries = ArrayPool<float>.Shared.Rent(users.Length * f);
        try
        {
            Span<float> rows = queries.AsSpan(0, users.Length * f);
            for (int q = 0; q < users.Length; q++)
            {
                scored[q] = (uint)users[q] < (uint)_factors.Users;
                if (scored[q])
                {
                    _factors.User(users[q]).CopyTo(rows.Slice(q * f, f));
                }
                else
                {
                    rows.Slice(q * f, f).Clear();
                }
            }

            ItemScoring.ScoreAllBatch(rows, f, _factors.ItemFactors, scores[..(users.Length * ItemCount)]);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(queries);
        }
    }
}
