using Senkyo.Cli;

return await CliHost.RunAsync(CommandTree.Create(), args, Console.Out, Console.Error);
