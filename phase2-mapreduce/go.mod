module dsweekends/phase2-mapreduce

go 1.26
