namespace Recommender.Core.Experiments;

/// <summary>
/// What makes a valid split: 2-10 variants, names 1-64 letters, digits, '-', '_' or '.', unique; each share in (0, 1];
/// the shares summing to 1 within <see cref="ShareTolerance"/>. Whether each version exists is the host's check (it
/// needs the model store).
/// </summary>
public static class ExperimentRules
{
    public const int MinVariants = 2;
    public const int MaxVariants = 10;
    public const int MaxNameLength = 64;
    public const double ShareTolerance = 1e-6;

    /// <summary>The first problem with <paramref name="variants"/> (field path and sentence), or null when they are valid.</summary>
    public static ExperimentProblem? Check(IReadOnlyList<ExperimentVariant> variants)
    {
        ArgumentNullException.ThrowIfNull(variants);
        if (variants.Count is < MinVariants or > MaxVariants)
        {
            return new("variants", $"variants must list {MinVariants} to {MaxVariants} variants; it lists {variants.Count}.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        double sum = 0;
        for (int i = 0; i < variants.Count; i++)
        {
            ExperimentVariant variant = variants[i];
            if (!IsValidName(variant.Version))
            {
                return new($"variants[{i}].version", $"variants[{i}].version must be a model version: 1-{MaxNameLength} letters, digits, '-', '_' or '.'.");
            }

            if (!IsValidName(variant.Name))
            {
                return new($"variants[{i}].name", $"variants[{i}].name must be 1-{MaxNameLength} letters, digits, '-', '_' or '.'.");
            }

            if (!names.Add(variant.Name))
            {
                return new($"variants[{i}].name", $"variants[{i}].name '{variant.Name}' is used by an earlier variant; names must be unique (a name defaults to the version).");
            }

            if (!double.IsFinite(variant.Share) || variant.Share <= 0 || variant.Share > 1)
            {
                return new($"variants[{i}].share", $"variants[{i}].share must be a number greater than 0 and at most 1.");
            }

            sum += variant.Share;
        }

        return Math.Abs(sum - 1) > ShareTolerance
            ? new("variants", $"The shares of the variants must sum to 1 (within {ShareTolerance:G}); they sum to {sum:G}.")
            : null;
    }

    /// <summary>Names and versions: 1-64 letters, digits, '-', '_' or '.' (model version ids have this form).</summary>
    public static bool IsValidName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Why a split was refused: the field at fault (as a JSON path) and a sentence.</summary>
public sealed record ExperimentProblem(string Field, string Detail);
