using System.Buffers;
using System.Numerics.Tensors;
using Recommender.Core.Als;
using Recommender.Core.Als.Internals;
using Recommender.Core.Artifacts;

namespace Recommender.Core.Serving;

/// <summary>
/// One user's implicit-ALS normal equations over a served model (Hu, Koren and Volinsky 2008):
/// (w YᵀY + λ_u I + Σᵢ (cᵢ − 1) yᵢyᵢᵀ) x = Σᵢ cᵢ yᵢ over the user's items, with the model's unobserved weight w and
/// regularisation λ_u (λ, or λ scaled by the user's item count when the model was trained so). The matrix is built with
/// the trainer's kernels and factorised once by the trainer's Cholesky code (double precision), so solving for the
/// user's vector (fold-in, or re-solving a known user) and for explanations reuses one factorisation.
/// </summary>
public sealed class UserSystem
{
    private readonly ServingModel _model;
    private readonly int[] _items;
    private readonly float[] _confidenceMinusOne;
    private readonly double[] _upper;

    /// <summary>Builds and factorises the system for <paramref name="items"/> with confidences c − 1 = <paramref name="confidenceMinusOne"/>.</summary>
    public UserSystem(ServingModel model, int[] items, float[] confidenceMinusOne)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(confidenceMinusOne);
        if (items.Length != confidenceMinusOne.Length)
        {
            throw new ArgumentException("Items and confidences must have the same length.", nameof(confidenceMinusOne));
        }

        _model = model;
        _items = items;
        _confidenceMinusOne = confidenceMinusOne;
        int f = model.Factors;
        _upper = new double[f * f];
        float[] rented = ArrayPool<float>.Shared.Rent(f * f);
        try
        {
            Span<float> a = rented.AsSpan(0, f * f);
            AlsOptions options = OptionsOf(model.Package.Manifest.Hyperparameters);
            model.ItemGram.CopyTo(a);
            if (options.UnobservedWeight != 1f)
            {
                TensorPrimitives.Multiply(a, options.UnobservedWeight, a);
            }

            float lambda = options.RowRegularization(items.Length, model.Package.Factors.Items);
            for (int r = 0; r < f; r++)
            {
                a[(r * f) + r] += lambda;
            }

            // One rank-one term per item (the factorisation reads only the lower triangle).
            FactorKernels.AccumulateSystem(a, items, confidenceMinusOne, model.Package.Factors.ItemFactors, f);

            if (!CholeskySolver.Factorise(a, _upper, f))
            {
                throw new ArgumentException("The user's system is not positive definite: a confidence is negative or not finite.", nameof(confidenceMinusOne));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>The system for interaction strengths, turned into confidences by the model's scaling (fold-in from feedback).</summary>
    public static UserSystem FromStrengths(ServingModel model, ReadOnlySpan<int> items, ReadOnlySpan<float> strengths)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (items.Length != strengths.Length)
        {
            throw new ArgumentException("Items and strengths must have the same length.", nameof(strengths));
        }

        AlsOptions options = OptionsOf(model.Package.Manifest.Hyperparameters);
        var confidenceMinusOne = new float[strengths.Length];
        for (int n = 0; n < strengths.Length; n++)
        {
            confidenceMinusOne[n] = options.ConfidenceOf(strengths[n]) - 1f;
        }

        return new UserSystem(model, items.ToArray(), confidenceMinusOne);
    }

    public ServingModel Model => _model;

    /// <summary>The user's items, in the order of <see cref="ConfidenceMinusOne"/>.</summary>
    public ReadOnlySpan<int> Items => _items;

    /// <summary>c − 1 of each item.</summary>
    public ReadOnlySpan<float> ConfidenceMinusOne => _confidenceMinusOne;

    /// <summary>The user's vector: the exact solution for the right-hand side Σᵢ cᵢ yᵢ.</summary>
    public float[] SolveUser()
    {
        int f = _model.Factors;
        var b = new float[f];
        for (int n = 0; n < _items.Length; n++)
        {
            TensorPrimitives.MultiplyAdd(_model.Package.Factors.Item(_items[n]), 1f + _confidenceMinusOne[n], b, b);
        }

        var x = new float[f];
        Solve(b, x);
        return x;
    }

    /// <summary>Writes A⁻¹ <paramref name="rhs"/> into <paramref name="x"/>.</summary>
    public void Solve(ReadOnlySpan<float> rhs, Span<float> x)
    {
        int f = _model.Factors;
        if (rhs.Length != f || x.Length != f)
        {
            throw new ArgumentException($"The system has {f} factors.", nameof(rhs));
        }

        double[] rented = ArrayPool<double>.Shared.Rent(f);
        try
        {
            Span<double> solution = rented.AsSpan(0, f);
            CholeskySolver.Substitute(_upper, rhs, solution, f);
            for (int r = 0; r < f; r++)
            {
                x[r] = (float)solution[r];
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    /// <summary>The ALS options a version was trained with, as its manifest records them.</summary>
    internal static AlsOptions OptionsOf(HyperparameterInfo h) => RecordedOptions.Als(h);
}
