using Recommender.Core.Data;

namespace Recommender.Core.Evaluation;

/// <summary>
/// Chronological leave-last-out: per user, the latest positive (value at or above <see cref="MinRating"/>) is the
/// test row; with <see cref="HoldOutValidation"/> the second latest is the validation row. Ties in time go to the
/// row later in the file. Users with fewer than 2 positives (3 for a validation row) keep them all in train.
/// </summary>
public sealed class LeaveLastOutSplit : IEvaluationSplitter
{
    public LeaveLastOutSplit(float minRating = 4f, bool holdOutValidation = false)
    {
        if (!float.IsFinite(minRating))
        {
            throw new ArgumentOutOfRangeException(nameof(minRating), "The positive threshold must be a finite number.");
        }

        MinRating = minRating;
        HoldOutValidation = holdOutValidation;
    }

    /// <summary>Positive threshold. Default 4.</summary>
    public float MinRating { get; }

    /// <summary>Whether the second-latest positive is held out for validation (tuning without touching test).</summary>
    public bool HoldOutValidation { get; }

    public EvaluationSplit Split(InteractionTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var positives = new PositivesByUser(table, MinRating);
        var marks = new byte[table.Count];
        for (int u = 0; u < positives.UserCount; u++)
        {
            ReadOnlySpan<int> rows = positives.RowsOf(u);
            if (rows.Length >= 2)
            {
                marks[rows[^1]] = HeldOutRows.Test;
            }

            if (HoldOutValidation && rows.Length >= 3)
            {
                marks[rows[^2]] = HeldOutRows.Validation;
            }
        }

        return HeldOutRows.ToSplit(HoldOutValidation ? "leave-last-out+validation" : "leave-last-out", MinRating, marks);
    }
}
