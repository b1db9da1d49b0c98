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
        int modelUser = (uint)user < (uint)_modelUserOf.Length ? _modelUserOf[user] : -1;
        if (modelUser < 0)
        {
            return false;
        }

        float[] modelScores = new float[_model.Items.Count];
        ItemScoring.ScoreAll(_model.Factors.User(modelUser), _model.Factors.ItemFactors, modelScores);
        for (int i = 0; i < scores.Length; i++)
        {
            int modelItem = _modelItemOf[i];
            scores[i] = modelItem >= 0 ? modelScores[modelItem] : float.NegativeInfinity;
        }

        return true;
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
