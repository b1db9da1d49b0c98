using System.Numerics.Tensors;

namespace Recommender.Core.Als;

/// <summary>Checks a fit's inputs once, before any backend touches them; the kernels rely on these checks.</summary>
internal static class AlsInputValidation
{
    public static void Validate(CsrMatrix userItems, AlsOptions options)
    {
        if (options.Factors < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"Factors must be at least 1, not {options.Factors}.");
        }

        if (options.Iterations < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"Iterations must not be negative, not {options.Iterations}.");
        }

        if (!(options.Regularization >= 0f) || !float.IsFinite(options.Regularization))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"Regularization must be a finite number >= 0, not {options.Regularization}.");
        }

        if (options.Solver == AlsSolverKind.Cholesky && options.Regularization <= 0f)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "The Cholesky solver needs Regularization > 0, so that every row system is positive definite.");
        }

        if (!(options.RegularizationExponent >= 0f) || !(options.RegularizationExponent <= 2f))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"RegularizationExponent must be between 0 and 2, not {options.RegularizationExponent}.");
        }

        if (!(options.UnobservedWeight > 0f) || !float.IsFinite(options.UnobservedWeight))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"UnobservedWeight must be a finite number > 0, not {options.UnobservedWeight}.");
        }

        if (!(options.InitScale > 0f) || !float.IsFinite(options.InitScale))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"InitScale must be a finite number > 0, not {options.InitScale}.");
        }

        if (options.ComputeLoss && (options.ScalesRegularization || options.UnobservedWeight != 1f))
        {
            throw new ArgumentException("The loss is computed for the plain objective only: it needs RegularizationExponent 0 and UnobservedWeight 1.", nameof(options));
        }

        if (options.CgSteps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"CgSteps must be at least 1, not {options.CgSteps}.");
        }

        if (options.Threads < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"Threads must be 0 (all processors) or more, not {options.Threads}.");
        }

        if ((long)userItems.Rows * options.Factors > Array.MaxLength || (long)userItems.Columns * options.Factors > Array.MaxLength)
        {
            throw new ArgumentException($"{userItems.Rows} x {userItems.Columns} with {options.Factors} factors exceeds the largest factor array.");
        }

        // The kernels read factor rows without bounds checks, so every column index is checked once here.
        if (userItems.NonZeros > 0)
        {
            int min = TensorPrimitives.Min<int>(userItems.ColumnIndices);
            int max = TensorPrimitives.Max<int>(userItems.ColumnIndices);
            if (min < 0 || max >= userItems.Columns)
            {
                throw new ArgumentException($"The interaction matrix has column indices outside 0..{userItems.Columns - 1}.", nameof(userItems));
            }
        }
    }
}
