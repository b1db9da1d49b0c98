using System.Globalization;
using Recommender.Core.Data;

namespace Recommender.Core.Evaluation;

/// <summary>
/// Per-user chronological ratio split of positives: the oldest go to train, then validation, the newest to test.
/// Non-positive rows always stay in train.
/// </summary>
/// <remarks>
/// For a user with n positives, test gets round(n * test) and validation round(n * validation) rows (halves
/// rounded up), reduced (validation first) so that at least one positive stays in train.
/// </remarks>
public sealed class RatioSplit : IEvaluationSplitter
{
    public RatioSplit(double trainFraction = 0.8, double validationFraction = 0.1, double testFraction = 0.1, float minRating = 4f)
    {
        if (trainFraction <= 0 || validationFraction < 0 || testFraction < 0
            || Math.Abs(trainFraction + validationFraction + testFraction - 1) > 1e-6)
        {
            throw new ArgumentException(
                $"Fractions must be non-negative (train positive) and sum to 1; got {trainFraction}/{validationFraction}/{testFraction}.");
        }

        if (!float.IsFinite(minRating))
        {
            throw new ArgumentOutOfRangeException(nameof(minRating), "The positive threshold must be a finite number.");
        }

        TrainFraction = trainFraction;
        ValidationFraction = validationFraction;
        TestFraction = testFraction;
        MinRating = minRating;
    }

    public double TrainFraction { get; }

    public double ValidationFraction { get; }

    public double TestFraction { get; }

    /// <summary>Positive threshold. Default 4.</summary>
    public float MinRating { get; }

    public EvaluationSplit Split(InteractionTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var positives = new PositivesByUser(table, MinRating);
        var marks = new byte[table.Count];
        for (int u = 0; u < positives.UserCount; u++)
        {
            ReadOnlySpan<int> rows = positives.RowsOf(u);
            int n = rows.Length;
            int test = (int)Math.Round(n * TestFraction, MidpointRounding.AwayFromZero);
            int validation = (int)Math.Round(n * ValidationFraction, MidpointRounding.AwayFromZero);
            if (test + validation > n - 1)
            {
                validation = Math.Max(0, n - 1 - test);
                test = Math.Max(0, Math.Min(test, n - 1));
            }

            for (int i = n - test; i < n; i++)
            {
                marks[rows[i]] = HeldOutRows.Test;
            }

            for (int i = n - test - validation; i < n - test; i++)
            {
                marks[rows[i]] = HeldOutRows.Validation;
            }
        }

        string protocol = string.Create(CultureInfo.InvariantCulture, $"ratio {TrainFraction:0.##}/{ValidationFraction:0.##}/{TestFraction:0.##}");
        return HeldOutRows.ToSplit(protocol, MinRating, marks);
    }
}
