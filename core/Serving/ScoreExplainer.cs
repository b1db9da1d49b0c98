using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
using Recommender.Core.Als;
using Recommender.Core.Artifacts;

namespace Recommender.Core.Serving;

/// <summary>
/// Explains ALS scores by the user's history (Hu, Koren and Volinsky 2008, section 5). A user's factor row solves
/// (YᵀCᵤY + λI) xᵤ = YᵀCᵤpᵤ, so with Wᵤ = (YᵀCᵤY + λI)⁻¹ a score splits exactly into one term per history item:
/// yᵢᵀxᵤ = Σⱼ sᵢⱼ cᵤⱼ, where sᵢⱼ = yᵢᵀ Wᵤ yⱼ is the similarity of i and j as this user weighs the item space.
/// The Cholesky factor of YᵀCᵤY + λI is built once per user; each explained item then costs one solve (f²) and one
/// dot product per history item.
/// </summary>
public sealed class ScoreExplainer
{
    private readonly ServingModel _model;
    private readonly int[] _history;
    private readonly float[] _confidences;
    private readonly Cholesky<double> _gram;

    /// <summary>Prepares the user's weighted Gram matrix from their history items and interaction strengths.</summary>
    public ScoreExplainer(ServingModel model, ReadOnlySpan<int> history, ReadOnlySpan<float> strengths)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (history.Length != strengths.Length)
        {
            throw new ArgumentException("History items and strengths must have the same length.", nameof(strengths));
        }

        _model = model;
        _history = history.ToArray();
        AlsOptions options = OptionsOf(model.Package.Manifest.Hyperparameters);
        _confidences = new float[history.Length];
        for (int n = 0; n < history.Length; n++)
        {
            _confidences[n] = options.ConfidenceOf(strengths[n]);
        }

        // YᵀCᵤY + λI = YᵀY + Yᵀ(Cᵤ − I)Y + λI: the shared Gram matrix plus one rank-one term per history item.
        int f = model.Factors;
        Matrix<double> a = Matrix<double>.Build.Dense(f, f, (r, c) => model.ItemGram[(r * f) + c]);
        for (int n = 0; n < _history.Length; n++)
        {
            ReadOnlySpan<float> y = model.Package.Factors.Item(_history[n]);
            double weight = _confidences[n] - 1.0;
            for (int r = 0; r < f; r++)
            {
                for (int c = 0; c < f; c++)
                {
                    a[r, c] += weight * y[r] * y[c];
                }
            }
        }

        for (int r = 0; r < f; r++)
        {
            a[r, r] += options.Regularization;
        }

        _gram = a.Cholesky();
    }

    /// <summary>Every history item's term sᵢⱼ cᵤⱼ of item <paramref name="item"/>'s score, in history order.</summary>
    public double[] Contributions(int item)
    {
        int f = _model.Factors;
        ReadOnlySpan<float> target = _model.Package.Factors.Item(item);
        Vector<double> y = Vector<double>.Build.Dense(f);
        for (int r = 0; r < f; r++)
        {
            y[r] = target[r];
        }

        // Wᵤ is symmetric, so yᵢᵀWᵤyⱼ = (Wᵤyᵢ)ᵀyⱼ: one solve serves every history item.
        Vector<double> weighted = _gram.Solve(y);
        var terms = new double[_history.Length];
        for (int n = 0; n < _history.Length; n++)
        {
            ReadOnlySpan<float> other = _model.Package.Factors.Item(_history[n]);
            double dot = 0;
            for (int r = 0; r < f; r++)
            {
                dot += weighted[r] * other[r];
            }

            terms[n] = dot * _confidences[n];
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
            int historyItem = _history[best];
            top.Add(new ItemContribution(_model.Package.Items[historyItem], _model.Package.Titles[historyItem], (float)terms[best]));
        }

        return top;
    }

    private static AlsOptions OptionsOf(HyperparameterInfo h) => new()
    {
        Alpha = h.Alpha,
        Regularization = h.Regularization,
        Epsilon = h.Epsilon,
        Confidence = string.Equals(h.Confidence, "log", StringComparison.OrdinalIgnoreCase) ? ConfidenceScaling.Log : ConfidenceScaling.Linear,
    };
}
