using Microsoft.Extensions.Options;
using Recommender.Functions.Hosting;

namespace Recommender.Functions.Training;

/// <summary>Fails startup with one clear sentence when the training settings cannot work (checked with ValidateOnStart).</summary>
public sealed class TrainingSettingsValidator : IValidateOptions<RecommenderOptions>
{
    public ValidateOptionsResult Validate(string? name, RecommenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!RetrainSchedule.TryParse(options.RetrainSchedule, out _, out string? scheduleError))
        {
            failures.Add(scheduleError!);
        }

        if (!TrainingExtraArguments.TryParse(options.TrainingExtraArguments, out _, out string? argumentsError))
        {
            failures.Add(argumentsError!);
        }

        switch (options.TrainingLauncher)
        {
            case ProcessTrainingLauncher.LauncherName:
                break;
            case ContainerAppsJobLauncher.LauncherName:
                if (string.IsNullOrWhiteSpace(options.TrainingJobResourceId))
                {
                    failures.Add("TrainingLauncher is 'containerapps' but TrainingJobResourceId is empty: set it to the Container Apps Job's resource id (/subscriptions/.../providers/Microsoft.App/jobs/NAME).");
                }
                else if (!options.TrainingJobResourceId.Trim().StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase)
                    || !options.TrainingJobResourceId.Contains("/providers/Microsoft.App/jobs/", StringComparison.OrdinalIgnoreCase))
                {
                    failures.Add($"TrainingJobResourceId '{options.TrainingJobResourceId}' is not a Container Apps Job resource id (/subscriptions/.../providers/Microsoft.App/jobs/NAME).");
                }

                // The Container Apps Job runs with the arguments it was deployed with; a setting the launcher would ignore is a mistake to tell.
                if (!string.IsNullOrWhiteSpace(options.TrainingExtraArguments))
                {
                    failures.Add($"{TrainingExtraArguments.SettingName} applies to the 'process' launcher only: with 'containerapps' set the job's arguments in its TRAINING_ARGS (Bicep parameter trainingArgs).");
                }

                break;
            default:
                failures.Add($"TrainingLauncher '{options.TrainingLauncher}' is unknown: use '{ProcessTrainingLauncher.LauncherName}' (run the training job locally) or '{ContainerAppsJobLauncher.LauncherName}' (start the Container Apps Job).");
                break;
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
