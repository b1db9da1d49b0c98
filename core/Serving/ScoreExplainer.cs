using System.Numerics.Tensors;
using Recommender.Core.Artifacts;

namespace Recommender.Core.Serving;

/// <summary>
/// Explains ALS scores by the user's history (Hu, Koren and Volinsky 2008, section 5). A user's factor row solves
/// (YᵀCᵤY + λI) xᵤ = YᵀCᵤpᵤ, so with Wᵤ = (YᵀCᵤY + λI)⁻¹ a score splits exactly into one term per history item:
/// yᵢᵀxᵤ = Σⱼ sᵢⱼ cᵤⱼ, where sᵢⱼ = yᵢᵀ Wᵤ yⱼ is the similarity of i and j as this user weighs the item space.
/// The Cholesky factor of YᵀCᵤY + λI (<see cref="UserSystem"/>) is built once per user; each explained item then costs
/// one solve (f²) and one dot product per history item.
/// </summary>
public sealed class ScoreExplainer
{
    private readonly UserSystem _system;

    /// <summary>Prepares the user's weighted Gram matrix from their history items and interaction strengths.</summary>
    public ScoreExplainer(ServingModel model, ReadOnlySpan<int> history, ReadOnlySpan<float> strengths)
        : this(UserSystem.FromStrengths(model, history, strengths))
    {
    }

    /// <summary>Explains by a user's system as built (a known user's published confidences, plus feedback when updated).</summary>
    public ScoreExplainer(UserSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        _system = system;
    }

    /// <summary>Every history item's term sᵢⱼ cᵤⱼ of item <paramref name="item"/>'s score, in history order.</summary>
    public double[] Contributions(int item)
    {
        ServingModel model = _system.Model;
        ReadOnlySpan<int> history = _system.Items;
        ReadOnlySpan<float> confidenceMinusOne = _system.ConfidenceMinusOne;

        // Wᵤ is symmetric, so yᵢᵀWᵤyⱼ = (Wᵤyᵢ)ᵀyⱼ: one solve serves every history item.
        Span<float> weighted = stackalloc float[model.Factors];
        _system.Solve(model.Package.Factors.Item(item), weighted);
        var terms = new double[history.Length];
        for (int n = 0; n < history.Length; n++)
        {
            terms[n] = (double)TensorPrimitives.Dot(weighted, model.Package.Factors.Item(history[n])) * (1.0 + confidenceMinusOne[n]);
        }

        return terms;
    }

    /// <summary>The history items with the largest positive terms of the item's score, largest first, at most <paramref name="count"/>.</summary>
    public IReadOnlyList<ItemContribution> Explain(int item, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        double[] terms = Contributions(item);
        var top = new List<ItemContribution>(count);
        var taken = new bool[terms.Length];
        for (int pick = 0; pick < count; pick++)
        {
            int best = -1;
            for (int n = 0; n < terms.Length; n++)
            {
                if (!taken[n] && terms[n] > 0 && (best < 0 || terms[n] > terms[best]))
                {
                    best = n;
                }
            }

            if (best < 0)
            {
                break;
            }

            taken[best] = true;
            int historyItem = _system.Items[best];
            ModelPackage package = _system.Model.Package;
            top.Add(new ItemContribution(package.Items[historyItem], package.Titles[historyItem], (float)terms[best]));
        }

        return top;
    }
}
