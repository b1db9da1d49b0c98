using System.Buffers;
using Recommender.Core.Artifacts;
using Recommender.Core.Data;
using Recommender.Core.Serving;

namespace Recommender.Core.Evaluation;

/// <summary>
/// Scores a published model on another data set's index space, so the live model can be evaluated on the
/// candidate's held-out data: users it does not know are misses, items it does not know score −∞.
/// </summary>
public sealed class RemappedModelScorer : IItemScorer
{
    private readonly ModelPackage _model;
    private readonly int[] _modelUserOf;
    private readonly int[] _modelItemOf;

    public RemappedModelScorer(ModelPackage model, IdMap users, IdMap items)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(items);
        _model = model;
        _modelUserOf = MapIndices(users, model.Users);
        _modelItemOf = MapIndices(items, model.Items);
    }

    public int ItemCount => _modelItemOf.Length;

    public bool TryScore(int user, Span<float> scores)
    {
        Span<bool> scored = [false];
        TryScoreMany(new ReadOnlySpan<int>(in user), scores, scored);
        return scored[0];
    }

    /// <summary>
    /// Scores the users the model knows in one pass over its item matrix (<see cref="ItemScoring.ScoreAllBatch"/>),
    /// then maps the scores onto this data set's items.
    /// </summary>
    public void TryScoreMany(ReadOnlySpan<int> users, Span<float> scores, Span<bool> scored)
    {
        int f = _model.Factors.Factors;
        int modelItems = _model.Items.Count;
        float[] queries = ArrayPool<float>.Shared.Rent(users.Length * f);
        float[] modelScores = ArrayPool<float>.Shared.Rent(users.Length * modelItems);
        try
        {
            Span<float> rows = queries.AsSpan(0, users.Length * f);
            for (int q = 0; q < users.Length; q++)
            {
                int modelUser = (uint)users[q] < (uint)_modelUserOf.Length ? _modelUserOf[users[q]] : -1;
                scored[q] = modelUser >= 0;
                if (scored[q])
                {
                    _model.Factors.User(modelUser).CopyTo(rows.Slice(q * f, f));
                }
                else
                {
                    rows.Slice(q * f, f).Clear();
                }
            }

            ItemScoring.ScoreAllBatch(rows, f, _model.Factors.ItemFactors, modelScores.AsSpan(0, users.Length * modelItems));
            int n = ItemCount;
            for (int q = 0; q < users.Length; q++)
            {
                ReadOnlySpan<float> from = modelScores.AsSpan(q * modelItems, modelItems);
                Span<float> to = scores.Slice(q * n, n);
                for (int i = 0; i < n; i++)
                {
                    int modelItem = _modelItemOf[i];
                    to[i] = modelItem >= 0 ? from[modelItem] : float.NegativeInfinity;
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(modelScores);
            ArrayPool<float>.Shared.Return(queries);
        }
    }

    private static int[] MapIndices(IdMap from, IdMap to)
    {
        var map = new int[from.Count];
        for (int i = 0; i < map.Length; i++)
        {
            map[i] = to.TryGetIndex(from[i], out int index) ? index : -1;
        }

        return map;
    }
}
