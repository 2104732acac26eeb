# ce figure: learning curve
set terminal pngcairo size 640,480 enhanced font 'sans,10'
set output "fit_learning.png"
set title "learning curve"
set xlabel "training structures"
set ylabel "RMSE (eV/prim)"
set grid
set key outside right top
$S0 << EOD
30.0 0.3718180473928638
60.0 0.3781857406312481
120.0 0.38790149785824857
200.0 0.38619730585090145
273.0 0.38476042625016704
EOD
$S1 << EOD
30.0 0.5028855938836417 0.019474912438494803
60.0 0.44241604746800356 0.013175428348164316
120.0 0.45262475704785665 0.012125841648047494
200.0 0.42528961506366925 0.013170833224453287
273.0 0.417348462711075 0.013497255320044421
EOD
plot $S0 using 1:2 with linespoints title "train", \
     $S1 using 1:2:3 with yerrorlines title "test"
