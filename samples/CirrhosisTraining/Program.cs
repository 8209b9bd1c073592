// The end-to-end cirrhosis sample; built up in issue 5.
System.Console.WriteLine("CirrhosisTraining: under construction.");
