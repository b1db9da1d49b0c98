using System.CommandLine;
using Recommender.Core.Training.Drift;

namespace Recommender.TrainingJob.Commands;

/// <summary>The drift thresholds of <c>train</c> and <c>--allow-drift</c>.</summary>
internal sealed class DriftOptionSet
{
    private static readonly DriftThresholds _defaults = new();

    private readonly Option<bool> _allow = CliOptions.Flag("--allow-drift", "Record drift from the live version but promote a candidate beyond the drift thresholds anyway");
    private readonly Option<double> _psi = CliOptions.Double("--max-popularity-psi", _defaults.MaxPopularityPsi, "Largest PSI of the item-popularity distribution against the live version", 0, 1e6);
    private readonly Option<double> _overlap = CliOptions.Double("--min-top-overlap", _defaults.MinTopItemsOverlap, "Smallest share of the live top-100 popular items still in the candidate's top 100", 0, 1);
    private readonly Option<double> _gini = CliOptions.Double("--max-gini-change", _defaults.MaxExposureGiniChange, "Largest change of the Gini coefficient of top-K exposure on the evaluation users", 0, 1);
    private readonly Option<double> _coverage = CliOptions.Double("--max-coverage-change", _defaults.MaxCoverageChange, "Largest change of catalogue coverage of the top-K lists (share of the catalogue)", 0, 1);

    public void AddTo(Command command)
    {
        foreach (Option option in (Option[])[_allow, _psi, _overlap, _gini, _coverage])
        {
            command.Options.Add(option);
        }
    }

    public bool ReadAllow(ParseResult result) => result.GetValue(_allow);

    public DriftThresholds Read(ParseResult result) => _defaults with
    {
        MaxPopularityPsi = result.GetValue(_psi),
        MinTopItemsOverlap = result.GetValue(_overlap),
        MaxExposureGiniChange = result.GetValue(_gini),
        MaxCoverageChange = result.GetValue(_coverage),
    };
}
