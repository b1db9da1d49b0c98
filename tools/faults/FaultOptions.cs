using System.Globalization;

namespace Recommender.Faults;

/// <summary>
/// What the runner does and how much of it: <c>faults [--fuzz N] [--events N] [--connections N] [--swaps N]
/// [--swap-seconds N] [--outage-seconds N] [--trainer-rounds N]</c>. Defaults are the full-size run.
/// </summary>
internal sealed record FaultOptions
{
    public int Fuzz { get; init; } = 1000;

    public int Events { get; init; } = 20_000;

    public int Connections { get; init; } = 64;

    public int Swaps { get; init; } = 14;

    public int SwapSeconds { get; init; } = 60;

    public int OutageSeconds { get; init; } = 10;

    public int TrainerRounds { get; init; } = 3;

    /// <summary>Parses the arguments; null with <paramref name="error"/> set when one is unknown or not a positive number.</summary>
    public static FaultOptions? Parse(string[] args, out string? error)
    {
        var options = new FaultOptions();
        error = null;
        for (int i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < 1)
            {
                error = $"{args[i]} needs a positive whole number";
                return null;
            }

            FaultOptions? parsed = args[i] switch
            {
                "--fuzz" => options with { Fuzz = value },
                "--events" => options with { Events = value },
                "--connections" => options with { Connections = value },
                "--swaps" => options with { Swaps = value },
                "--swap-seconds" => options with { SwapSeconds = value },
                "--outage-seconds" => options with { OutageSeconds = value },
                "--trainer-rounds" => options with { TrainerRounds = value },
                _ => null,
            };
            if (parsed is null)
            {
                error = $"unknown option '{args[i]}'";
                return null;
            }

            options = parsed;
        }

        return options;
    }
}
