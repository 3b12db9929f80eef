module dsweekends/phase1-network

go 1.26
