using Recommender.Core.Artifacts;
using Recommender.TrainingJob.Training;

namespace Recommender.TrainingJob.Commands;

/// <summary>Chooses where models go and where inputs come from: <c>--out DIR</c> (local folder).</summary>
internal static class ModelStoreArguments
{
    public static (ModelRepository Repository, IInputFiles Inputs) Open(CommandArguments args)
    {
        string? outDir = args.String("out");
        if (outDir is null)
        {
            throw new UsageException("--out DIR is required (the folder that plays the models container).");
        }

        return (new ModelRepository(new LocalDirectoryModelStore(outDir)), new LocalInputFiles());
    }
}
